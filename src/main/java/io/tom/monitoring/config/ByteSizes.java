package io.tom.monitoring.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as operators write them: {@code 512KB}, {@code 1MB}, {@code 1GB} (multiples of 1024), or plain bytes. */
final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?");

    private ByteSizes() {
    }

    static long positive(String raw) {
        Matcher size = SIZE.matcher(raw.trim().toUpperCase(Locale.ROOT));
        if (size.matches()) {
            long bytes = Long.parseLong(size.group(1)) * switch (size.group(2) == null ? "B" : size.group(2)) {
                case "KB" -> 1L << 10;
                case "MB" -> 1L << 20;
                case "GB" -> 1L << 30;
                default -> 1L;
            };
            if (bytes > 0) {
                return bytes;
            }
        }
        throw new IllegalArgumentException("must be a positive size such as 512KB, 1MB or 1GB (a plain number is bytes),"
                + " got '" + raw + "'");
    }
}
