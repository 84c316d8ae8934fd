package io.tom.monitoring.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.domain.SaqJob;

/** One job of the synthetic fleet, from its SAQ queue entry to its outcome. */
final class SimulatedJob {

    /** The SAQ timeout every simulated job is given; a hanging job runs past it. */
    static final int TIMEOUT_SECONDS = 10;
    private static final String[] DEVICE_TYPES = {"cisco_ios", "juniper_junos", "arista_eos", "cisco_nxos"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] COMMANDS = {"show version", "show running-config", "show interfaces status",
            "show ip route summary", "show lldp neighbors", "configure terminal\ninterface Gi0/1\ndescription uplink"};

    final String id;
    final String worker;
    final String device;
    volatile long startedNanos;
    /** Where the job stands in its SAQ queue. */
    volatile SaqJob saq;

    SimulatedJob(String id, String worker, String device) {
        this.id = id;
        this.worker = worker;
        this.device = device;
    }

    String host() {
        return device;
    }

    int port() {
        return Math.floorMod(device.hashCode(), 5) == 0 ? 830 : 22;
    }

    String command() {
        return COMMANDS[Math.floorMod(id.hashCode(), COMMANDS.length)];
    }

    String credentialId() {
        return "cred-lab-" + (Math.floorMod(device.hashCode(), 3) + 1);
    }

    /**
     * The SAQ kwargs Tom gives a job: its request model as a JSON string under {@code json}, naming
     * the device and a stored credential by id (never a password).
     */
    Map<String, Object> kwargs() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("host", host());
        request.put("port", port());
        request.put("device_type", DEVICE_TYPES[Math.floorMod(device.hashCode(), DEVICE_TYPES.length)]);
        request.put("command", command());
        request.put("credential", Map.of("id", credentialId()));
        try {
            return Map.of("json", JSON.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the job's request model", e);
        }
    }

    /** What the worker records when the job ends; {@code errorType} null for a success. */
    JobOutcome outcome(ErrorType errorType, double durationSeconds, long epochSeconds) {
        if (errorType == null) {
            return JobOutcome.success(worker, device, id, durationSeconds, epochSeconds);
        }
        int attempts = errorType == ErrorType.GATING ? 1 : ThreadLocalRandom.current().nextInt(1, 4);
        return JobOutcome.failure(worker, device, errorType, id, command(), errorMessage(errorType), credentialId(),
                attempts, durationSeconds, epochSeconds);
    }

    /** Null for a success; otherwise the mix seen in real fleets: timeouts and network first. */
    static ErrorType failureType(ThreadLocalRandom random, double failureRate) {
        if (random.nextDouble() >= failureRate) {
            return null;
        }
        double kind = random.nextDouble();
        if (kind < 0.40) {
            return ErrorType.TIMEOUT;
        }
        if (kind < 0.70) {
            return ErrorType.NETWORK;
        }
        if (kind < 0.90) {
            return ErrorType.AUTH;
        }
        return ErrorType.OTHER;
    }

    String errorMessage(ErrorType type) {
        return switch (type) {
            case AUTH -> "Authentication failed for user netops on " + device;
            case TIMEOUT -> "Timed out after 30s waiting for the prompt of " + device;
            case NETWORK -> "No route to host " + device + " port " + port();
            case GATING -> "Device " + device + " is busy: its lease is held by another job";
            case OTHER -> "Could not parse the output of the command on " + device;
        };
    }

    /** Device ids as fleets have them: IPv4, IPv6 and host names, in turn. */
    static String deviceName(int i) {
        return switch (i % 3) {
            case 0 -> "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
            case 1 -> "2001:db8::" + Integer.toHexString(i);
            default -> "sw-" + i + ".lab.example.net";
        };
    }
}
