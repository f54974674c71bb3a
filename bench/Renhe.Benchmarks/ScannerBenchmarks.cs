using System.Buffers;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Renhe.Modules.Risk.Scanning;

namespace Renhe.Benchmarks;

/// Our scanner (normalisation on) against .NET's SearchValues<string> (counting every match
/// position with IndexOfAny in a loop) and a compiled Regex alternation (counting matches), on
/// 200- and 5,000-word Chinese lexicons, over 60-character chat messages (Mean is per message)
/// and over one block of 1,048,576 characters. The baselines search the words verbatim; ours
/// also sees through separators, widths, case and traditional characters.
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ScannerBenchmarks
{
    private const int MessageCount = 256;

    private string[] _messages = [];
    private string _block = "";
    private SensitiveWordScanner _scanner = null!;
    private SearchValues<string> _searchValues = null!;
    private Regex _regex = null!;

    [Params(200, 5000)]
    public int LexiconSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var words = ChatCorpus.Lexicon(LexiconSize);
        _scanner = new SensitiveWordScanner(words.Select(w => new LexiconEntry(w, "bench", HitSeverity.Low)));
        _searchValues = SearchValues.Create(words, StringComparison.Ordinal);
        _regex = new Regex(string.Join('|', words.Select(Regex.Escape)), RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _messages = ChatCorpus.Messages(MessageCount);
        _block = ChatCorpus.Block(1 << 20);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessageCount), BenchmarkCategory("Message")]
    public int SearchValues_message()
    {
        var total = 0;
        foreach (var message in _messages) total += CountWithSearchValues(message);
        return total;
    }

    [Benchmark(OperationsPerInvoke = MessageCount), BenchmarkCategory("Message")]
    public int Ours_message()
    {
        var total = 0;
        foreach (var message in _messages) total += _scanner.CountHits(message);
        return total;
    }

    [Benchmark(OperationsPerInvoke = MessageCount), BenchmarkCategory("Message")]
    public int Regex_message()
    {
        var total = 0;
        foreach (var message in _messages) total += _regex.Count(message);
        return total;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Block1M")]
    public int SearchValues_block() => CountWithSearchValues(_block);

    [Benchmark, BenchmarkCategory("Block1M")]
    public int Ours_block() => _scanner.CountHits(_block);

    [Benchmark, BenchmarkCategory("Block1M")]
    public int Regex_block() => _regex.Count(_block);

    private int CountWithSearchValues(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (true)
        {
            var at = text.IndexOfAny(_searchValues);
            if (at < 0) return count;
            count++;
            text = text[(at + 1)..];
        }
    }
}
