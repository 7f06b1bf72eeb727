using Hookbox.Dashboard.Tests;

// One Chromium serves every test; each test has a browser context (cookies, storage) of its own.
[assembly: AssemblyFixture(typeof(ChromiumFixture))]

// One test at a time: each runs a Hookbox, a destination and a browser page on a 2-core machine,
// and the screenshots are worth more taken on a quiet machine than fast.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
