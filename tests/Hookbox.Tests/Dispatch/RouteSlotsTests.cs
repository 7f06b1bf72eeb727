namespace Hookbox.Tests.Dispatch;

public sealed class RouteSlotsTests
{
    [Fact]
    public void Free_IsTheRoutesLimit_LessItsRunningAttempts()
    {
        var slots = new RouteSlots(total: 10);
        slots.Take("orders");
        slots.Take("orders");

        Assert.Equal((1, 3), (slots.Free("orders", 3), slots.Free("refunds", 3)));
    }

    [Fact]
    public void Free_NeverPassesTheTotal_WhateverTheRoutesLimit()
    {
        var slots = new RouteSlots(total: 3);
        slots.Take("orders");
        slots.Take("orders");

        Assert.Equal(1, slots.Free("refunds", 8));
    }

    [Fact]
    public void Return_GivesTheSlotBackToItsRouteAndTheTotal()
    {
        var slots = new RouteSlots(total: 2);
        slots.Take("orders");
        slots.Take("refunds");

        slots.Return("orders");

        Assert.Equal((1, 1, 1), (slots.Running, slots.Free("orders", 1), slots.Free("refunds", 2)));
    }

    [Fact]
    public void Free_RouteNames_IgnoreCase()
    {
        var slots = new RouteSlots(total: 4);
        slots.Take("Orders");

        Assert.Equal(0, slots.Free("orders", 1));
    }
}
