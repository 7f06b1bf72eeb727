using System.Globalization;
using Bench.Abuse;

// bench/abuse.sh runs this twice at once against one server: `senders` (the valid deliveries
// measured) and `attack` (everything hostile). Each prints RESULT lines: key=value pairs.
//
//   Bench.Abuse senders <url> <secret> <per-second> <seconds>
//   Bench.Abuse attack  <url> <secret> <seconds> [slow-connections] [attackers: slow,flood,oversized,headers]
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Bench.Abuse senders <url> <secret> <per-second> <seconds> | attack <url> <secret> <seconds> [slow-connections]");
    return 2;
}

var url = new Uri(args[1]);
var secret = args[2];
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

switch (args[0])
{
    case "senders":
        var perSecond = int.Parse(args[3], CultureInfo.InvariantCulture);
        var seconds = int.Parse(args[4], CultureInfo.InvariantCulture);
        Console.WriteLine(await SignedSenders.RunAsync(url, secret, perSecond, TimeSpan.FromSeconds(seconds), stop.Token));
        return 0;
    case "attack":
        var duration = TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture));
        var slow = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2000;
        var kinds = (args.Length > 5 ? args[5] : "slow,flood,oversized,headers").Split(',');
        foreach (var line in await Attackers.RunAsync(url, secret, duration, slow, kinds, stop.Token))
            Console.WriteLine(line);

        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}
