namespace DataSources.Client.Tests;

/// <summary>The few newer BCL members the shared test sources use, for net472; same behaviour.</summary>
internal static class Net472Polyfills
{
    public static IOrderedEnumerable<T> Order<T>(this IEnumerable<T> source) => source.OrderBy(item => item);

    public static IOrderedEnumerable<T> Order<T>(this IEnumerable<T> source, IComparer<T> comparer) => source.OrderBy(item => item, comparer);

    public static IEnumerable<(TFirst First, TSecond Second)> Zip<TFirst, TSecond>(this IEnumerable<TFirst> first, IEnumerable<TSecond> second) =>
        first.Zip(second, (a, b) => (a, b));

    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static async Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout)
    {
        if (await Task.WhenAny(task, Task.Delay(timeout)) != task) throw new TimeoutException($"Not done within {timeout}.");
        return await task;
    }
}
