using System.Data.Common;

namespace Hookbox.Storage.Relational;

/// <summary>
/// One statement and its parameters. Parameters are named <c>@name</c> in the text: both
/// providers bind names (Microsoft.Data.Sqlite natively, Npgsql by rewriting them to positions),
/// so the shared statements need no placeholder dialect.
/// </summary>
internal sealed class SqlStatement(string text)
{
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    public string Text { get; set; } = text;

    /// <summary>Binds <c>@<paramref name="name"/></c>; null binds SQL NULL.</summary>
    public SqlStatement With(string name, object? value)
    {
        _parameters.Add(new("@" + name, value ?? DBNull.Value));
        return this;
    }

    /// <summary>Gives <paramref name="command"/> this text and these parameters.</summary>
    public T ApplyTo<T>(T command)
        where T : DbCommand
    {
        ArgumentNullException.ThrowIfNull(command);
        command.CommandText = Text;
        Bind(command.Parameters, command.CreateParameter);
        return command;
    }

    /// <summary>Gives a batch's <paramref name="command"/> this text and these parameters.</summary>
    public T ApplyToBatch<T>(T command)
        where T : DbBatchCommand
    {
        ArgumentNullException.ThrowIfNull(command);
        command.CommandText = Text;
        Bind(command.Parameters, command.CreateParameter);
        return command;
    }

    private void Bind(DbParameterCollection parameters, Func<DbParameter> create)
    {
        foreach (var (name, value) in _parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameters.Add(parameter);
        }
    }
}
