/**
 * Kafka's `Utils.murmur2`: the 32-bit MurmurHash2 variant (seed `0x9747b28c`) the Java client's
 * default partitioner hashes keys with. Returns the signed 32-bit result, exactly as Java's `int`.
 *
 * @example
 * murmur2(Buffer.from('21')); // -973932308, as in Kafka's UtilsTest
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ length;
  const tail = length & ~3;
  // Math.imul and `| 0` reproduce Java's wrapping int arithmetic without BigInt or Long objects.
  for (let i = 0; i < tail; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  switch (length & 3) {
    case 3:
      h ^= data[tail + 2]! << 16;
    // falls through
    case 2:
      h ^= data[tail + 1]! << 8;
    // falls through
    case 1:
      h ^= data[tail]!;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}
