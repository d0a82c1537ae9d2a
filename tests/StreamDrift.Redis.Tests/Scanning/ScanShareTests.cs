using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis.Tests.Scanning;

public class ScanShareTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 0x8000_0000_0000_0000UL)]
    [InlineData(0x8000_0000_0000_0000UL, 1UL)]
    [InlineData(0x0000_0000_0000_0006UL, 0x6000_0000_0000_0000UL)]
    [InlineData(0x0123_4567_89AB_CDEFUL, 0xF7B3_D591_E6A2_C480UL)]
    public void ReverseBits_MirrorsTheWord_AsRedisRev(ulong value, ulong reversed)
    {
        Assert.Equal(reversed, ScanShare.ReverseBits(value));
        Assert.Equal(value, ScanShare.ReverseBits(reversed));
    }

    [Fact]
    public void Shares_StartAtTheBucketsThatBeginEachQuarterOfTheReverseBinaryWalk()
    {
        // A table of 8 buckets is walked 0, 4, 2, 6, 1, 5, 3, 7: its quarters start at buckets 0, 2, 1 and 3.
        Assert.Equal([0UL, 2UL, 1UL, 3UL], ScanShare.All(4).Select(s => s.StartCursor));
    }

    [Fact]
    public void IsDone_WhenTheNextCursorIsTheNextSharesOrTheWrapToZero()
    {
        var second = new ScanShare(1, 4);   // buckets 2 and 6 of an 8-bucket table
        Assert.False(second.IsDone(6));
        Assert.True(second.IsDone(1));     // the third quarter's first bucket
        Assert.True(second.IsDone(0));
        var last = new ScanShare(3, 4);
        Assert.False(last.IsDone(7));
        Assert.True(last.IsDone(0));
        Assert.False(ScanShare.Whole.IsDone(5));
        Assert.True(ScanShare.Whole.IsDone(0));
    }

    [Fact]
    public void Walk_OfEveryTableSize_VisitsEachBucketInExactlyOneShare()
    {
        // dictScan's cursor step for a table of 2^bits buckets, without rehashing.
        static ulong Step(ulong v, int bits)
        {
            var mask = (1UL << bits) - 1;
            v |= ~mask;
            v = ScanShare.ReverseBits(v);
            v++;
            return ScanShare.ReverseBits(v);
        }
        foreach (var bits in new[] { 4, 7, 12 })
        {
            var visits = new int[1 << bits];
            foreach (var share in ScanShare.All(8))
            {
                var cursor = share.StartCursor;
                do
                {
                    visits[cursor & ((1UL << bits) - 1)]++;
                    cursor = Step(cursor, bits);
                }
                while (!share.IsDone(cursor));
            }
            Assert.All(visits, v => Assert.Equal(1, v));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(128)]
    public void All_RefusesSharesThatAreNotAPowerOfTwoUpTo64(int of) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScanShare.All(of));
}
