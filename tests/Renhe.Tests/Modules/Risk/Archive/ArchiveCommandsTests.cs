using Microsoft.Data.Sqlite;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// `Renhe import-chats <file.jsonl>`, `Renhe import-calls <file.csv>` and `Renhe verify-archive` as an operator runs them.
[Trait("Category", "Integration")]
public sealed class ArchiveCommandsTests
{
    [Fact]
    public async Task Import_counts_stored_duplicate_and_rejected_lines_and_verify_reports_a_tampered_seq()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "renhe-archive-verb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            var file = Path.Combine(dataDir, "chats.jsonl");
            await File.WriteAllLinesAsync(file,
            [
                """{"msgid":"m1","action":"send","from":"xiaoli","tolist":["wmA"],"roomid":"","msgtime":1762047000000,"msgtype":"text","text":{"content":"你好"}}""",
                """{"msgid":"m2","action":"send","from":"wmA","tolist":["xiaoli"],"roomid":"","msgtime":1762047001000,"msgtype":"text","text":{"content":"拼多多上便宜吗"}}""",
                "",
                """{"msgid":"m3","action":"recall","from":"xiaoli","tolist":["wmA"],"roomid":"","msgtime":1762047002000,"msgtype":"revoke","revoke":{"pre_msgid":"m1"}}""",
                """{"msgid":"m1","action":"send","from":"xiaoli","tolist":["wmA"],"roomid":"","msgtime":1762047000000,"msgtype":"text","text":{"content":"你好"}}""",
                "{not json",
            ], TestContext.Current.CancellationToken);

            var (exit, output) = await RunAsync("import-chats", file, "--data-dir", dataDir);
            Assert.Contains("Imported 3, duplicates 1, rejected 1.", output);
            Assert.Contains("line 6: rejected", output);
            Assert.Equal(1, exit);

            (exit, output) = await RunAsync("verify-archive", "--data-dir", dataDir);
            Assert.True(exit == 0, output);
            Assert.Contains("Archive intact: 3 records", output);

            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "renhe.db")};Pooling=False"))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "DROP TRIGGER risk_archived_record_no_update; UPDATE risk_archived_record SET Content = '你好呀' WHERE Seq = 1;";
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
            (exit, output) = await RunAsync("verify-archive", "--data-dir", dataDir);
            Assert.Equal(1, exit);
            Assert.Contains("seq 1: Altered", output);
            Assert.Contains("Archive NOT intact", output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Import_calls_reads_a_call_centre_csv_and_names_the_rows_it_refused()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "renhe-calls-verb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            var file = Path.Combine(dataDir, "calls.csv");
            await File.WriteAllTextAsync(file, """
                caller,callee,start,duration,direction,recording
                8001,13800001111,2026-11-20 14:05:00,200,outbound,rec/1.mp3
                13800001111,8001,2026-11-20 15:00:00,30,inbound,
                8001,13800001111,yesterday,10,outbound,
                """, TestContext.Current.CancellationToken);
            var (exit, output) = await RunAsync("import-calls", file, "Asia/Shanghai", "--data-dir", dataDir);
            Assert.Contains("Imported 2, duplicates 0, rejected 1.", output);
            Assert.Contains("line 4: rejected (start)", output);
            Assert.Equal(1, exit);
            (exit, output) = await RunAsync("import-calls", Path.Combine(dataDir, "missing.csv"), "--data-dir", dataDir);
            Assert.Equal(2, exit);
            Assert.Contains("import-calls needs", output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RenheProcess.RunAsync(args);
}
