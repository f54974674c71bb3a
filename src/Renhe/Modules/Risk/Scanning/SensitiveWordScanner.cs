using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Renhe.Modules.Risk.Scanning;

/// Finds every lexicon word in a text in one pass, whatever separators, widths, cases or
/// traditional characters were used to disguise it (see <see cref="ScanNormalization"/>).
///
/// The lexicon is compiled once into an Aho-Corasick automaton stored as a double-array trie:
/// - every UTF-16 code unit maps through one 64K table straight to a compact symbol (1..S for
///   characters that occur in some normalised word, 0 for any other character, which sends the
///   automaton back to the root, and <see cref="SkipSymbol"/> for separators, which are passed
///   over without changing state), so normalisation costs nothing extra per character;
/// - a transition from state s on symbol c is slot t = base[s] + c, valid when check[t] == s;
///   otherwise follow the failure link. Base, check, failure and output sit together in one
///   16-byte node, so a step touches one cache line and no dictionary, and scanning allocates
///   nothing unless it finds something;
/// - the root, where most characters of ordinary text are read, also has its whole row as a
///   plain array (symbol → child), saving the check on the commonest step.
/// Positions are not tracked while scanning: on a hit (rare) the start is found by walking back
/// over the word's length in non-skipped characters.
///
/// Words written in ASCII letters or digits match only as whole tokens (<see cref="IsWholeToken"/>):
/// "sf" is not found in SF1234567890, nor 64 (a lexicon's 6。4) in 13864128922 or ¥6,489.00.
/// Chinese characters have no word boundaries in text, so a word's CJK ends match anywhere.
/// The check runs only on a candidate hit, which is rare, so the scanning loop is unchanged.
///
/// Duplicate words (after normalisation: 帳戶 and 账户 are the same word) keep the highest severity.
/// An instance is immutable and safe to share between threads.
public sealed class SensitiveWordScanner
{
    private const ushort SkipSymbol = ushort.MaxValue;
    private const int Free = -1;

    private static readonly Lazy<SensitiveWordScanner> DefaultScanner = new(() => new SensitiveWordScanner(DefaultLexicon.Entries));

    private readonly ushort[] _symbols;
    private readonly Node[] _nodes;
    private readonly int[] _rootNext; // the root's row in full: symbol → child slot, or 0 (stay at the root)
    private readonly int[] _outputs;
    private readonly LexiconEntry[] _words;
    private readonly int[] _wordLengths;
    private readonly Edges[] _wordEdges;

    /// Which ends of a normalised word are ASCII (a letter or a digit), and so must be token boundaries.
    [Flags]
    private enum Edges : byte
    {
        None = 0,
        StartAscii = 1,
        StartDigit = 2,
        EndAscii = 4,
        EndDigit = 8,
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Node
    {
        public int Base;
        public int Check;
        public int Fail;
        public int Output; // index into _outputs of a -1-terminated list of word ids, or -1
    }

    /// The scanner over <see cref="DefaultLexicon"/>.
    public static SensitiveWordScanner Default => DefaultScanner.Value;

    public int WordCount => _words.Length;
    public int StateCount { get; }
    public int AlphabetSize { get; }

    public SensitiveWordScanner(IEnumerable<LexiconEntry> entries)
    {
        var (words, normalised) = Deduplicate(entries);
        _words = words;
        _wordLengths = [.. normalised.Select(n => n.Length)];
        _wordEdges = [.. normalised.Select(EdgesOf)];

        // Alphabet: each distinct normalised character gets a symbol, in order of first use.
        var symbolOf = new ushort[65536];
        var alphabet = 0;
        foreach (var word in normalised)
            foreach (var ch in word)
                if (symbolOf[ch] == 0)
                {
                    if (alphabet + 1 >= SkipSymbol) throw new ArgumentException("The lexicon uses too many distinct characters.");
                    symbolOf[ch] = (ushort)++alphabet;
                }
        AlphabetSize = alphabet;

        _symbols = new ushort[65536];
        for (var c = 0; c < _symbols.Length; c++)
        {
            var mapped = ScanNormalization.Map((char)c);
            _symbols[c] = mapped == ScanNormalization.Skip ? SkipSymbol : symbolOf[mapped];
        }

        var trie = Trie.Build(normalised, symbolOf);
        StateCount = trie.Count;
        (_nodes, _outputs) = Compile(trie, alphabet);
        _rootNext = new int[alphabet + 1];
        for (var c = 1; c <= alphabet; c++)
        {
            var slot = _nodes[0].Base + c;
            if (_nodes[slot].Check == 0) _rootNext[c] = slot;
        }
    }

    public IReadOnlyList<ScanHit> Scan(ReadOnlySpan<char> text)
    {
        var sink = new ListSink(_words);
        Run(text, ref sink);
        return sink.Hits ?? (IReadOnlyList<ScanHit>)[];
    }

    public int CountHits(ReadOnlySpan<char> text)
    {
        var sink = new CountSink();
        Run(text, ref sink);
        return sink.Count;
    }

    public bool ContainsAny(ReadOnlySpan<char> text)
    {
        var sink = new AnySink();
        Run(text, ref sink);
        return sink.Found;
    }

    private void Run<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : struct, IHitSink
    {
        if (_words.Length == 0) return;
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var symbols = ref MemoryMarshal.GetArrayDataReference(_symbols);
        ref var root = ref MemoryMarshal.GetArrayDataReference(_rootNext);
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            // The tables are built so that no index here can fall outside them: symbols has
            // 65,536 entries, rootNext one per symbol, and every base + symbol lies inside nodes.
            int c = Unsafe.Add(ref symbols, text[i]);
            if ((uint)(c - 1) >= SkipSymbol - 1)
            {
                // Not in any word: back to the root. A separator: no change at all.
                if (c == 0) state = 0;
                continue;
            }
            if (state == 0)
            {
                // Most characters are read at the root: one load, no check.
                state = Unsafe.Add(ref root, c);
            }
            else
            {
                while (true)
                {
                    ref var node = ref Unsafe.Add(ref nodes, state);
                    var next = node.Base + c;
                    if (Unsafe.Add(ref nodes, next).Check == state)
                    {
                        state = next;
                        break;
                    }
                    state = node.Fail;
                    if (state == 0)
                    {
                        state = Unsafe.Add(ref root, c);
                        break;
                    }
                }
            }
            var output = Unsafe.Add(ref nodes, state).Output;
            if (output >= 0 && !Emit(text, i, output, ref sink)) return;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Emit<TSink>(ReadOnlySpan<char> text, int end, int output, ref TSink sink) where TSink : struct, IHitSink
    {
        for (var k = output; _outputs[k] >= 0; k++)
        {
            var word = _outputs[k];
            var start = end;
            for (var remaining = _wordLengths[word]; ; start--)
                if (_symbols[text[start]] != SkipSymbol && --remaining == 0) break;
            var edges = _wordEdges[word];
            if (edges != Edges.None && !IsWholeToken(text, start, end, edges)) continue;
            if (!sink.Hit(start, end - start + 1, word)) return false;
        }
        return true;
    }

    private static Edges EdgesOf(string normalised)
    {
        var edges = Edges.None;
        if (IsAsciiLetterOrDigit(normalised[0])) edges |= char.IsAsciiDigit(normalised[0]) ? Edges.StartAscii | Edges.StartDigit : Edges.StartAscii;
        if (IsAsciiLetterOrDigit(normalised[^1])) edges |= char.IsAsciiDigit(normalised[^1]) ? Edges.EndAscii | Edges.EndDigit : Edges.EndAscii;
        return edges;
    }

    // Normalised characters: case and width are already folded (Ｓ → s).
    private static bool IsAsciiLetterOrDigit(char normalised) => char.IsAsciiDigit(normalised) || char.IsAsciiLetterLower(normalised);

    /// Whether a candidate hit from <paramref name="start"/> to <paramref name="last"/> (original
    /// positions) stands as a whole token at its ASCII ends. The rules, decided for chat text:
    ///
    /// - A token is a run of ASCII letters and digits together (after width and case folding):
    ///   SF1234567890, sf123, 64GB and usf are each one token, so sf and 64 are not found in them.
    ///   Anything else ends a token: CJK (加我vx吧 hits vx), a separator (m.tb.cn/h hits tb.cn,
    ///   "SF 123" hits sf), the text's start or end. Separators inside the word stay ignored
    ///   (v x, s.f, 6。4 all hit).
    /// - A number goes on through separators: digits are written with decimal and thousands marks,
    ///   dates and times with dots, dashes, slashes and colons, phone numbers with spaces. So at a
    ///   word's digit end the next character that is not a separator must not be an ASCII letter or
    ///   digit either: 2024.6.4, ¥6,489.00, 19:22, 138 6412 8922 and No.64 do not hit 64.
    /// - A number marked as an amount, a count or a rank is not a code word: a currency or number
    ///   sign or 第 before it (¥722, #64, 第64), a percent sign or a unit after it (722元, 8.9折,
    ///   64GB, 64号, 89%). Dates keep hitting (7.22那天): that is what such words are for.
    /// A CJK end of a word (the 号 of vx号) needs nothing: Chinese has no spaces between words.
    private static bool IsWholeToken(ReadOnlySpan<char> text, int start, int last, Edges edges)
    {
        if ((edges & Edges.StartAscii) != 0 && start > 0)
        {
            if (IsAsciiLetterOrDigit(ScanNormalization.Map(text[start - 1]))) return false;
            if ((edges & Edges.StartDigit) != 0)
            {
                var i = start - 1;
                for (; i >= 0 && ScanNormalization.Map(text[i]) == ScanNormalization.Skip; i--)
                    if (NumberSignsBefore.Contains(text[i])) return false;
                if (i >= 0 && (IsAsciiLetterOrDigit(ScanNormalization.Map(text[i])) || ScanNormalization.Map(text[i]) == '第')) return false;
            }
        }
        if ((edges & Edges.EndAscii) != 0 && last + 1 < text.Length)
        {
            if (IsAsciiLetterOrDigit(ScanNormalization.Map(text[last + 1]))) return false;
            if ((edges & Edges.EndDigit) != 0)
            {
                var i = last + 1;
                for (; i < text.Length && ScanNormalization.Map(text[i]) == ScanNormalization.Skip; i++)
                    if (PercentSigns.Contains(text[i])) return false;
                if (i < text.Length && (IsAsciiLetterOrDigit(ScanNormalization.Map(text[i])) || UnitsAfter.Contains(ScanNormalization.Map(text[i]))))
                    return false;
            }
        }
        return true;
    }

    /// Signs that make the number after them an amount or a number of something (all separators).
    private const string NumberSignsBefore = "¥￥$＄€£#＃№";
    private const string PercentSigns = "%％‰";

    /// Units and measure words (simplified: traditional forms are normalised first) that make the
    /// number before them an amount or a count. Not 年月日: a date is what a digit word is about.
    private const string UnitsAfter = "元块圆角毛分厘万千百亿折个件台套只位名岁号路次斤克米吨升度英寸公楼层室栋期张条箱包盒瓶袋";

    private static (LexiconEntry[] Words, string[] Normalised) Deduplicate(IEnumerable<LexiconEntry> entries)
    {
        var byNormal = new Dictionary<string, LexiconEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(entry.Word, nameof(entries));
            ArgumentException.ThrowIfNullOrWhiteSpace(entry.Category, nameof(entries));
            var normal = ScanNormalization.Normalize(entry.Word);
            // A word made only of separators would never match; one reduced to a single
            // character by its separators (微❤ → 微) would match far too much. Both are
            // lexicon mistakes the editing page should show, not silently accept.
            if (normal.Length == 0 || (normal.Length == 1 && entry.Word.Trim().Length > 1))
                throw new ArgumentException($"The lexicon word '{entry.Word}' is only separators once normalised ('{normal}').", nameof(entries));
            if (!byNormal.TryGetValue(normal, out var existing) || existing.Severity < entry.Severity)
                byNormal[normal] = entry;
        }
        return ([.. byNormal.Values], [.. byNormal.Keys]);
    }

    private static (Node[] Nodes, int[] Outputs) Compile(Trie trie, int alphabet)
    {
        // Place the trie breadth-first into the double array: each state's children go to
        // base + symbol for the smallest base whose slots are all free.
        var slotOf = new int[trie.Count];
        var bases = new int[trie.Count];
        var check = new List<int> { -2 }; // slot 0 is the root; -2 matches no state
        var firstFree = 1;
        var maxBase = 0;

        void EnsureSlots(int count)
        {
            while (check.Count < count) check.Add(Free);
        }

        foreach (var state in trie.BreadthFirst())
        {
            var kids = trie.Children(state);
            if (kids.Count == 0) continue; // a leaf keeps base 0: base + symbol never checks back to it
            var first = kids[0].Symbol;
            while (firstFree < check.Count && check[firstFree] != Free) firstFree++;
            var b = Math.Max(firstFree - first, 1);
            while (true)
            {
                EnsureSlots(b + kids[^1].Symbol + 1);
                var fits = true;
                foreach (var (symbol, _) in kids)
                    if (check[b + symbol] != Free)
                    {
                        fits = false;
                        break;
                    }
                if (fits) break;
                b++;
            }
            bases[state] = b;
            maxBase = Math.Max(maxBase, b);
            foreach (var (symbol, child) in kids)
            {
                check[b + symbol] = slotOf[state];
                slotOf[child] = b + symbol;
            }
        }

        var length = Math.Max(check.Count, maxBase + alphabet + 1);
        var nodes = new Node[length];
        for (var i = 0; i < nodes.Length; i++)
            nodes[i] = new Node { Check = i < check.Count ? check[i] : Free, Output = -1 };

        // Failure links and merged outputs (own word first, then the shorter words that end
        // here too, inherited through the failure link), in breadth-first order so a state's
        // failure target is complete before the state itself.
        var fail = new int[trie.Count];
        var outputLists = new List<int>[trie.Count];
        var outputs = new List<int>();
        foreach (var state in trie.BreadthFirst())
        {
            var list = new List<int>();
            if (trie.Word(state) >= 0) list.Add(trie.Word(state));
            if (state != 0) list.AddRange(outputLists[fail[state]]);
            outputLists[state] = list;

            foreach (var (symbol, child) in trie.Children(state))
            {
                if (state == 0)
                {
                    fail[child] = 0;
                    continue;
                }
                var f = fail[state];
                int target;
                while ((target = trie.Child(f, symbol)) < 0 && f != 0) f = fail[f];
                fail[child] = Math.Max(target, 0);
            }

            var slot = slotOf[state];
            nodes[slot].Base = bases[state];
            nodes[slot].Fail = slotOf[fail[state]];
            if (list.Count > 0)
            {
                nodes[slot].Output = outputs.Count;
                outputs.AddRange(list);
                outputs.Add(-1);
            }
        }
        return (nodes, [.. outputs]);
    }

    private sealed class Trie
    {
        private readonly List<Dictionary<int, int>> _next = [[]];
        private readonly List<int> _word = [-1];
        private List<(int Symbol, int Child)>[] _sorted = [];

        public int Count => _next.Count;

        public static Trie Build(string[] words, ushort[] symbolOf)
        {
            var trie = new Trie();
            for (var w = 0; w < words.Length; w++)
            {
                var state = 0;
                foreach (var ch in words[w])
                {
                    var symbol = symbolOf[ch];
                    if (!trie._next[state].TryGetValue(symbol, out var child))
                    {
                        child = trie._next.Count;
                        trie._next.Add([]);
                        trie._word.Add(-1);
                        trie._next[state].Add(symbol, child);
                    }
                    state = child;
                }
                trie._word[state] = w;
            }
            trie._sorted = [.. trie._next.Select(kids => kids.Select(kv => (kv.Key, kv.Value)).OrderBy(kv => kv.Key).ToList())];
            return trie;
        }

        /// Children in ascending symbol order.
        public List<(int Symbol, int Child)> Children(int state) => _sorted[state];

        public int Word(int state) => _word[state];

        public int Child(int state, int symbol) => _next[state].TryGetValue(symbol, out var child) ? child : -1;

        public IEnumerable<int> BreadthFirst()
        {
            var queue = new Queue<int>();
            queue.Enqueue(0);
            while (queue.TryDequeue(out var state))
            {
                yield return state;
                foreach (var (_, child) in _sorted[state]) queue.Enqueue(child);
            }
        }
    }

    private interface IHitSink
    {
        bool Hit(int start, int length, int word);
    }

    private struct CountSink : IHitSink
    {
        public int Count;

        public bool Hit(int start, int length, int word)
        {
            Count++;
            return true;
        }
    }

    private struct AnySink : IHitSink
    {
        public bool Found;

        public bool Hit(int start, int length, int word)
        {
            Found = true;
            return false;
        }
    }

    private struct ListSink(LexiconEntry[] words) : IHitSink
    {
        public List<ScanHit>? Hits;

        public bool Hit(int start, int length, int word)
        {
            var entry = words[word];
            (Hits ??= []).Add(new ScanHit(start, length, entry.Word, entry.Category, entry.Severity));
            return true;
        }
    }
}
