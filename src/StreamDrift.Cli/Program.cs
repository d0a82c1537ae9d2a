using StreamDrift.Cli;

return await CommandLine.RunAsync(args).ConfigureAwait(false);
