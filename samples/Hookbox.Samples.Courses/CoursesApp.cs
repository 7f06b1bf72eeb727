namespace Hookbox.Samples.Courses;

/// <summary>The whole sample: Hookbox added with two typed handlers, and one page of the shop's own.</summary>
public static class CoursesApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Sources, routes and dispatch settings come from the "Hookbox" configuration section;
        // POCKETSFLOW_WEBHOOK_SECRET alone is enough to receive Pocketsflow's events.
        builder.Services.AddSingleton<CourseAccess>();
        builder.Services.AddHookbox()
            .AddSqliteStore()
            .AddHandler<GrantCourseAccess>()
            .AddHandler<RevokeCourseAccess>();

        var app = builder.Build();
        app.MapHookbox();
        app.MapGet("/access", (CourseAccess access) => access.All);
        return app;
    }
}
