package io.tom.monitoring.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import javax.security.auth.login.FailedLoginException;

import io.tom.monitoring.domain.ErrorType;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    @Test
    void classifiesByTheKindOfError() {
        assertEquals(ErrorType.TIMEOUT, ErrorClassifier.classify(new SocketTimeoutException("Read timed out")));
        assertEquals(ErrorType.TIMEOUT, ErrorClassifier.classify(new TimeoutException()));
        assertEquals(ErrorType.NETWORK, ErrorClassifier.classify(new ConnectException("Connection refused")));
        assertEquals(ErrorType.NETWORK, ErrorClassifier.classify(new UnknownHostException("sw-1")));
        assertEquals(ErrorType.NETWORK, ErrorClassifier.classify(new NoRouteToHostException()));
        assertEquals(ErrorType.AUTH, ErrorClassifier.classify(new FailedLoginException("bad password")));
        assertEquals(ErrorType.GATING, ErrorClassifier.classify(new TomJobException(ErrorType.GATING, "busy")));
        assertEquals(ErrorType.OTHER, ErrorClassifier.classify(new IllegalStateException("parse error")));
    }

    @Test
    void walksTheCausesToTheFirstKnownKind() {
        assertEquals(ErrorType.TIMEOUT, ErrorClassifier.classify(
                new RuntimeException("job failed", new IOException("io", new SocketTimeoutException()))));
    }

    @Test
    void neverGuessesFromTheMessage() {
        assertEquals(ErrorType.AUTH, ErrorClassifier.classify(new FailedLoginException("timeout while authenticating")));
        assertEquals(ErrorType.OTHER, ErrorClassifier.classify(new IllegalStateException("Authentication failed: timeout")));
    }
}
