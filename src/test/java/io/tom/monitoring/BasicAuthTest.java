package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Basic auth from the web configuration file: a wrong password and an unknown user are both 401
 * after a bcrypt of the users' cost (so the answer's time does not tell which user names exist),
 * checked off the event loop, while a verified user keeps being served.
 */
class BasicAuthTest extends TomApplicationTestSupport {

    private static final int COST = 11;

    @Override
    protected Map<String, String> settings() {
        try {
            Path file = Files.createTempFile("tom-web", ".yml");
            file.toFile().deleteOnExit();
            Files.writeString(file, "basic_auth_users:\n  prometheus: "
                    + BCrypt.withDefaults().hashToString(COST, "right-password".toCharArray()) + "\n");
            return Map.of("tom.web.config-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheRightUserAndPasswordPass() {
        assertEquals(200, status("prometheus", "right-password"));
        assertEquals(200, status("prometheus", "right-password"), "remembered");
        assertEquals(401, status("prometheus", "wrong-password"));
        assertEquals(401, status("nobody", "right-password"));
        assertEquals(401, get("/observe/health/live").statusCode(), "no credentials");
    }

    @Test
    void anUnknownUserCostsTheSameBcryptAsAWrongPassword() {
        List<Long> unknown = new ArrayList<>();
        List<Long> wrong = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            unknown.add(nanosOf("nobody-" + i, "guess"));
            wrong.add(nanosOf("prometheus", "guess-" + i));
        }
        // before: 1.4 ms for an unknown user against 70 ms for a known one; both now run one bcrypt
        assertTrue(median(unknown) * 3 > median(wrong), "unknown " + unknown + " vs known " + wrong);
    }

    @Test
    void aVerifiedUserIsServedWhileOthersSendWrongPasswords() throws Exception {
        assertEquals(200, status("prometheus", "right-password"));
        ExecutorService attackers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String password = "wrong-" + i;
                wrong.add(attackers.submit(() -> status("prometheus", password)));
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(200, status("prometheus", "right-password"));
            }
            for (Future<Integer> answer : wrong) {
                assertEquals(401, answer.get());
            }
        } finally {
            attackers.shutdownNow();
        }
    }

    private int status(String user, String password) {
        return get("/observe/health/live", "Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).statusCode();
    }

    private long nanosOf(String user, String password) {
        long start = System.nanoTime();
        assertEquals(401, status(user, password));
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
