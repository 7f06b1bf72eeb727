namespace Hookbox;

/// <summary>
/// One count over a sliding window, kept in a ring of time buckets: adding is a lock and an
/// increment, cheap enough for the ingest path's every request; old buckets are reused rather
/// than removed, so the memory is fixed.
/// </summary>
internal sealed class SlidingCount
{
    private readonly long[] _buckets;
    private readonly long[] _counts;
    private readonly Lock _lock = new();

    public SlidingCount(int buckets)
    {
        _buckets = new long[buckets];
        _counts = new long[buckets];
        Array.Fill(_buckets, long.MinValue); // no bucket number yet
    }

    /// <summary>Counts <paramref name="count"/> in bucket number <paramref name="bucket"/>.</summary>
    public void Add(long bucket, long count)
    {
        var slot = (int)(bucket % _buckets.Length);
        lock (_lock)
        {
            if (_buckets[slot] != bucket)
            {
                _buckets[slot] = bucket;
                _counts[slot] = 0;
            }

            _counts[slot] += count;
        }
    }

    /// <summary>The count in the window that ends with bucket <paramref name="current"/>, that one included.</summary>
    public long Sum(long current)
    {
        var oldest = current - _buckets.Length;
        long sum = 0;
        lock (_lock)
        {
            for (var i = 0; i < _buckets.Length; i++)
            {
                if (_buckets[i] > oldest && _buckets[i] <= current)
                    sum += _counts[i];
            }
        }

        return sum;
    }
}
