// The command-line tool; CliApp holds the commands and maps errors to exit codes (see CliApp.ExitCodes).
return await CaptioningKit.Cli.CliApp.RunAsync(args);
