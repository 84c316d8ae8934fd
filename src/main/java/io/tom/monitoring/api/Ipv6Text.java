package io.tom.monitoring.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv6 address in its canonical text (RFC 5952: lower case, no leading zeros, the longest run of
 * two or more zero groups as {@code ::}), the form Python's {@code ipaddress} and most tools write,
 * so a device typed as {@code 2001:DB8:0::19} finds the worker's {@code 2001:db8::19}.
 */
final class Ipv6Text {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private Ipv6Text() {
    }

    /** The canonical text of an IPv6 literal; empty for anything else (host names, IPv4, zone ids). */
    static Optional<String> canonical(String text) {
        if (text == null || !text.contains(":") || !LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            // a literal: no name lookup happens
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return Optional.of(out.toString());
    }
}
