using Hookbox.Samples.Courses;

await CoursesApp.Build(args).RunAsync();
