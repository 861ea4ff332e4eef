import { suite } from "uvu";
import * as assert from "uvu/assert";
import { addressAllowed, formatAddress, guessingGroupOf, parseAddress, parseNetwork } from "../../lib/cidr.ts";

const ipv4 = suite("CIDR networks: IPv4");

ipv4("an address inside a /24 is allowed, its neighbour network is not", () => {
  assert.ok(addressAllowed("192.0.2.17", ["192.0.2.0/24"]));
  assert.ok(addressAllowed("192.0.2.255", ["192.0.2.0/24"]));
  assert.not.ok(addressAllowed("192.0.3.1", ["192.0.2.0/24"]));
});

ipv4("a /32 (or a bare address) is exactly that address", () => {
  assert.ok(addressAllowed("203.0.113.5", ["203.0.113.5/32"]));
  assert.ok(addressAllowed("203.0.113.5", ["203.0.113.5"]));
  assert.not.ok(addressAllowed("203.0.113.6", ["203.0.113.5/32"]));
});

ipv4("/0 allows every IPv4 address and no IPv6 address", () => {
  assert.ok(addressAllowed("0.0.0.0", ["0.0.0.0/0"]));
  assert.ok(addressAllowed("255.255.255.255", ["0.0.0.0/0"]));
  assert.not.ok(addressAllowed("2001:db8::1", ["0.0.0.0/0"]));
});

ipv4("odd prefixes cut through an octet", () => {
  assert.ok(addressAllowed("10.0.15.255", ["10.0.8.0/21"]));
  assert.not.ok(addressAllowed("10.0.16.0", ["10.0.8.0/21"]));
});

ipv4("one of several networks is enough", () => {
  assert.ok(addressAllowed("198.51.100.7", ["192.0.2.0/24", "198.51.100.0/28"]));
  assert.not.ok(addressAllowed("198.51.100.16", ["192.0.2.0/24", "198.51.100.0/28"]));
});

ipv4("an IPv4-mapped IPv6 address matches IPv4 networks", () => {
  assert.ok(addressAllowed("::ffff:192.0.2.17", ["192.0.2.0/24"]));
  assert.ok(addressAllowed("::FFFF:c000:0211", ["192.0.2.0/24"]));
  assert.not.ok(addressAllowed("::ffff:192.0.3.1", ["192.0.2.0/24"]));
  assert.ok(addressAllowed("::ffff:192.0.2.17", ["::ffff:0:0/96"]), "and the IPv6 network of mapped addresses");
  assert.not.ok(addressAllowed("::192.0.2.17", ["192.0.2.0/24"]), "an IPv4-compatible address is not mapped");
});

const ipv6 = suite("CIDR networks: IPv6");

ipv6("an address inside a /32 documentation prefix is allowed", () => {
  assert.ok(addressAllowed("2001:db8:1234::1", ["2001:db8::/32"]));
  assert.ok(addressAllowed("2001:0DB8:ffff:ffff:ffff:ffff:ffff:ffff", ["2001:db8::/32"]));
  assert.not.ok(addressAllowed("2001:db9::1", ["2001:db8::/32"]));
});

ipv6("/128 is a single address, /0 every IPv6 address", () => {
  assert.ok(addressAllowed("2001:db8::5", ["2001:db8::5/128"]));
  assert.not.ok(addressAllowed("2001:db8::6", ["2001:db8::5/128"]));
  assert.ok(addressAllowed("::1", ["::/0"]));
  assert.ok(addressAllowed("fe80::1%eth0", ["fe80::/10"]), "a zone index is ignored");
  assert.ok(addressAllowed("[2001:db8::5]", ["2001:db8::5"]), "brackets are ignored");
});

ipv6("an IPv4 network does not allow the same bits as an IPv6 address", () => {
  assert.not.ok(addressAllowed("::c000:211", ["192.0.2.0/24"]));
  assert.not.ok(addressAllowed("192.0.2.17", ["::/0"]));
});

ipv6("written forms are compressed the RFC 5952 way", () => {
  const text = (value: string) => formatAddress(parseAddress(value)!);
  assert.is(text("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  assert.is(text("2001:db8:0:1:0:0:0:1"), "2001:db8:0:1::1");
  assert.is(text("::"), "::");
  assert.is(text("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
  assert.is(
    parseNetwork("2001:DB8:0::/48").ok && (parseNetwork("2001:DB8:0::/48") as { text: string }).text,
    "2001:db8::/48",
  );
});

const malformed = suite("CIDR networks: malformed input");

malformed("broken addresses and networks are refused with a reason", () => {
  for (const text of ["", "hello", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4/", "1:2:3:4:5:6:7:8:9"]) {
    const parsed = parseNetwork(text);
    assert.not.ok(parsed.ok, text);
  }
  for (const text of ["1::2::3", ":::", "2001:db8:::1", "12345::", "fe80::1%eth0/64", "[::1]/128", "::1 /128"]) {
    assert.not.ok(parseNetwork(text).ok, text);
  }
  assert.equal(parseNetwork("10.0.0.0/33"), { ok: false, problem: "prefix" });
  assert.equal(parseNetwork("2001:db8::/129"), { ok: false, problem: "prefix" });
  assert.equal(parseNetwork("10.0.0.0/-1"), { ok: false, problem: "prefix" });
  assert.equal(parseNetwork("10.0.0.0/08"), { ok: false, problem: "prefix" });
  assert.equal(parseNetwork("10.0.0.0/x"), { ok: false, problem: "prefix" });
});

malformed("host bits under the prefix are refused, with the network that was meant", () => {
  assert.equal(parseNetwork("192.168.1.5/24"), { ok: false, problem: "hostBits", suggestion: "192.168.1.0/24" });
  assert.equal(parseNetwork("2001:db8::1/32"), { ok: false, problem: "hostBits", suggestion: "2001:db8::/32" });
});

malformed("an address that does not parse lies in no network, not even /0", () => {
  assert.not.ok(addressAllowed("unknown", ["0.0.0.0/0", "::/0"]));
  assert.not.ok(addressAllowed("", ["0.0.0.0/0"]));
  assert.not.ok(addressAllowed("192.0.2.1", ["garbage"]), "a stored entry that does not parse matches nothing");
});

const groups = suite("guessing groups");

groups("an IPv4 address counts alone, an IPv6 address as its /64, a mapped one as IPv4", () => {
  assert.is(guessingGroupOf("203.0.113.7"), "203.0.113.7");
  assert.is(guessingGroupOf("::ffff:203.0.113.7"), "203.0.113.7");
  assert.is(guessingGroupOf("2001:db8:1:2::99"), "2001:db8:1:2::/64");
  assert.is(guessingGroupOf("2001:DB8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  assert.is.not(guessingGroupOf("2001:db8:1:3::1"), guessingGroupOf("2001:db8:1:2::1"));
  assert.is(guessingGroupOf("unknown"), "unknown");
});

ipv4.run();
ipv6.run();
groups.run();
malformed.run();
