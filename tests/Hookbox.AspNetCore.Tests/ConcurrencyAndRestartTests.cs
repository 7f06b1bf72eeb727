using System.Net;

namespace Hookbox.AspNetCore.Tests;

public sealed class ConcurrencyAndRestartTests : HostedTest
{
    [Fact]
    public async Task Post_FiftyConcurrentDeliveriesOfOneEvent_OneAcceptedFortyNineDuplicatesOneStored()
    {
        var body = PocketsflowEvents.Body("6a43ca9f7e229e3568f9c9bb");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await SendAsync(PocketsflowEvents.Request(body));
            var json = await JsonAsync(response);
            return (response.StatusCode, Status: json.GetProperty("status").GetString(), Id: json.GetProperty("id").GetString());
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, answers.Count(a => a.Status == "accepted"));
        Assert.Equal(49, answers.Count(a => a.Status == "duplicate"));
        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(1, await StoredEventCountAsync());
    }

    [Fact]
    public async Task Post_AfterARestartOnTheSameFile_IsStillADuplicateOfTheFirst()
    {
        var body = PocketsflowEvents.Body("survives-restart");
        using var first = await SendAsync(PocketsflowEvents.Request(body));
        var firstId = (await JsonAsync(first)).GetProperty("id").GetString();

        await Host.DisposeAsync();
        await using var restarted = await HookboxTestHost.StartAsync(Settings(), Token);
        using var request = PocketsflowEvents.Request(body);
        using var again = await restarted.Client.SendAsync(request, Token);
        var answer = await JsonAsync(again);

        Assert.Equal("duplicate", answer.GetProperty("status").GetString());
        Assert.Equal(firstId, answer.GetProperty("id").GetString());
    }
}
