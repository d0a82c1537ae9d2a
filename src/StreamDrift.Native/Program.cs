using StreamDrift.Native;

return await FrontDoor.RunAsync(args).ConfigureAwait(false);
