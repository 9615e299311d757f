using System;
using Newtonsoft.Json;

namespace DataSources.Client
{
    /// <summary>
    /// Hands the JSON reader the one string instance of every property name the contract knows, so
    /// reading thousands of data sources does not allocate each name again. Read-only after
    /// construction, hence safe to share between readers on many threads.
    /// </summary>
    internal sealed class WirePropertyNames : JsonNameTable
    {
        private const int BucketCount = 512;

        private readonly string[][] _buckets = new string[BucketCount][];

        private WirePropertyNames()
        {
            foreach (var field in DataSourceSchema.Fields)
            {
                Add(field.JsonName);
            }

            foreach (var name in new[]
            {
                "status", "data", "message", "pageInfo", "skip", "limit", "totalCount", "index", "accessToken",
                "price", "currency", "frequency", "name", "street_address", "street_address_2", "locality_city",
                "state_province", "postal_code", "country",
            })
            {
                Add(name);
            }
        }

        public static WirePropertyNames Instance { get; } = new WirePropertyNames();

        public override string? Get(char[] key, int start, int length)
        {
            var bucket = _buckets[Hash(key, start, length) & (BucketCount - 1)];
            if (bucket == null)
            {
                return null;
            }

            foreach (var name in bucket)
            {
                if (name.Length == length && Matches(name, key, start))
                {
                    return name;
                }
            }

            return null;
        }

        private static bool Matches(string name, char[] key, int start)
        {
            for (var i = 0; i < name.Length; i++)
            {
                if (name[i] != key[start + i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int Hash(char[] key, int start, int length)
        {
            unchecked
            {
                var hash = length;
                for (var i = 0; i < length; i++)
                {
                    hash = (hash * 31) + key[start + i];
                }

                return hash;
            }
        }

        private void Add(string name)
        {
            var index = Hash(name.ToCharArray(), 0, name.Length) & (BucketCount - 1);
            var bucket = _buckets[index];
            if (bucket != null && Array.IndexOf(bucket, name) >= 0)
            {
                return;
            }

            var grown = new string[(bucket?.Length ?? 0) + 1];
            bucket?.CopyTo(grown, 0);
            grown[grown.Length - 1] = name;
            _buckets[index] = grown;
        }
    }
}
