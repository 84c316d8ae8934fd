package io.tom.monitoring.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class Ipv6TextTest {

    @Test
    void ipv6LiteralsGetTheirRfc5952Text() {
        assertEquals(Optional.of("2001:db8::19"), Ipv6Text.canonical("2001:DB8::19"));
        assertEquals(Optional.of("2001:db8::19"), Ipv6Text.canonical("2001:0db8:0000:0000:0000:0000:0000:0019"));
        assertEquals(Optional.of("2001:db8:0:1:1:1:1:1"), Ipv6Text.canonical("2001:db8:0:1:1:1:1:1"),
                "a single zero group is not shortened");
        assertEquals(Optional.of("2001:db8::1:0:0:1"), Ipv6Text.canonical("2001:db8:0:0:1:0:0:1"),
                "the first of two equal runs");
        assertEquals(Optional.of("2001:0:0:1::1"), Ipv6Text.canonical("2001:0:0:1:0:0:0:1"), "the longest run");
        assertEquals(Optional.of("::1"), Ipv6Text.canonical("0:0:0:0:0:0:0:1"));
        assertEquals(Optional.of("fe80::"), Ipv6Text.canonical("FE80:0:0:0:0:0:0:0"));
        assertEquals(Optional.of("::"), Ipv6Text.canonical("::"));
    }

    @Test
    void anythingElseHasNone() {
        assertEquals(Optional.empty(), Ipv6Text.canonical("10.0.0.1"));
        assertEquals(Optional.empty(), Ipv6Text.canonical("core-sw-01.example.net"));
        assertEquals(Optional.empty(), Ipv6Text.canonical("fe80::1%eth0"));
        assertEquals(Optional.empty(), Ipv6Text.canonical("::ffff:10.0.0.1"), "an IPv4-mapped address is IPv4");
        assertEquals(Optional.empty(), Ipv6Text.canonical("2001:db8::zz"));
        assertEquals(Optional.empty(), Ipv6Text.canonical(":::"));
    }
}
