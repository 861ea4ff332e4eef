// CIDR networks and client addresses, IPv4 and IPv6, as plain numbers: no DNS, no library.
// An IPv4-mapped IPv6 address (::ffff:192.0.2.1, what a dual-stack socket reports for an IPv4
// peer) matches IPv4 networks as the IPv4 address it carries.

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface Network {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

export type NetworkProblem = "malformed" | "prefix" | "hostBits";

export type ParsedNetwork =
  | { ok: true; network: Network; text: string }
  | { ok: false; problem: NetworkProblem; suggestion?: string };

const BITS = { 4: 32, 6: 128 } as const;
const MAPPED_PREFIX = 0xffffn << 32n;

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are refused: some tools read them as octal, so "010" is ambiguous.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.split("::").length > 2) return null;
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const left = groups(head);
  const right = tail === null ? [] : groups(tail);
  const words: number[] = [];
  const readGroups = (list: string[], isLast: boolean): boolean => {
    for (const [index, group] of list.entries()) {
      if (isLast && index === list.length - 1 && group.includes(".")) {
        const v4 = parseIpv4(group);
        if (v4 === null) return false;
        words.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(group)) {
        words.push(parseInt(group, 16));
      } else {
        return false;
      }
    }
    return true;
  };
  if (!readGroups(left, tail === null)) return null;
  const leftCount = words.length;
  if (tail !== null && !readGroups(right, true)) return null;
  const rightWords = words.splice(leftCount);
  if (tail === null) {
    if (words.length !== 8) return null;
  } else {
    // "::" stands for at least one group of zeros.
    if (words.length + rightWords.length > 7) return null;
    words.push(...new Array(8 - words.length - rightWords.length).fill(0), ...rightWords);
  }
  return words.reduce((value, word) => (value << 16n) | BigInt(word), 0n);
}

/** An address as a client or a proxy reports it; brackets and an IPv6 zone are tolerated. */
export function parseAddress(text: string): IpAddress | null {
  let trimmed = text.trim();
  if (trimmed.startsWith("[") && trimmed.endsWith("]")) trimmed = trimmed.slice(1, -1);
  if (trimmed.includes("%")) trimmed = trimmed.slice(0, trimmed.indexOf("%"));
  if (trimmed.length > 64) return null;
  const v4 = parseIpv4(trimmed);
  if (v4 !== null) return { family: 4, value: v4 };
  if (!trimmed.includes(":")) return null;
  const v6 = parseIpv6(trimmed);
  return v6 === null ? null : { family: 6, value: v6 };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  return prefix === 0 ? 0n : ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

export function formatAddress(address: IpAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join(".");
  }
  const words = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((address.value >> shift) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups (the first of equals) becomes "::".
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = words.map((word) => word.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

export function formatNetwork(network: Network): string {
  return `${formatAddress({ family: network.family, value: network.base })}/${network.prefix}`;
}

/**
 * A network as an owner types it: "192.0.2.0/24", "2001:db8::/32", or a single address (a /32
 * or /128). Host bits below the prefix are refused, with the network that was probably meant.
 */
export function parseNetwork(text: string): ParsedNetwork {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  if (/[\s%[\]]/.test(addressText)) return { ok: false, problem: "malformed" };
  const address = parseAddress(addressText);
  if (!address) return { ok: false, problem: "malformed" };
  const bits = BITS[address.family];
  let prefix: number = bits;
  if (slash >= 0) {
    const prefixText = trimmed.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > bits) return { ok: false, problem: "prefix" };
    prefix = Number(prefixText);
  }
  const base = address.value & mask(address.family, prefix);
  const network: Network = { family: address.family, base, prefix };
  if (base !== address.value) return { ok: false, problem: "hostBits", suggestion: formatNetwork(network) };
  return { ok: true, network, text: formatNetwork(network) };
}

/** The IPv4 address an IPv4-mapped IPv6 address carries, or null. */
function unmapped(address: IpAddress): IpAddress | null {
  return address.family === 6 && address.value >> 32n === MAPPED_PREFIX >> 32n
    ? { family: 4, value: address.value & 0xffff_ffffn }
    : null;
}

export function networkContains(network: Network, address: IpAddress): boolean {
  const candidates = [address, unmapped(address)].filter((a): a is IpAddress => a !== null);
  return candidates.some((candidate) =>
    candidate.family === network.family && (candidate.value & mask(network.family, network.prefix)) === network.base
  );
}

/**
 * Whether a client address lies in one of the networks (stored, already validated texts).
 * An address that does not parse ("unknown") lies in none; an entry that does not parse
 * matches nothing.
 */
export function addressAllowed(addressText: string, networks: readonly string[]): boolean {
  const address = parseAddress(addressText);
  if (!address) return false;
  return networks.some((text) => {
    const parsed = parseNetwork(text);
    return parsed.ok && networkContains(parsed.network, address);
  });
}

/**
 * The unit a guessing limit counts: an IPv4 address as it is, an IPv6 address as its /64 (one
 * subscriber gets a whole /64, so single addresses would be free to change). Unparsable text is
 * its own group.
 */
export function guessingGroupOf(addressText: string): string {
  const address = parseAddress(addressText);
  if (!address) return addressText.slice(0, 64);
  const v4 = unmapped(address) ?? address;
  if (v4.family === 4) return formatAddress(v4);
  return formatNetwork({ family: 6, base: address.value & mask(6, 64), prefix: 64 });
}

const LOOPBACK = ["127.0.0.0/8", "::1/128"];

/** Whether a client address is this machine (127.0.0.0/8, ::1, or IPv4-mapped 127.x). */
export function isLoopbackAddress(addressText: string): boolean {
  return addressAllowed(addressText, LOOPBACK);
}
