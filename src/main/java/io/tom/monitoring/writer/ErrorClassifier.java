package io.tom.monitoring.writer;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.tom.monitoring.domain.ErrorType;

/**
 * Classifies a job failure by the kind of error, walking its causes, never by searching the
 * message or a traceback for words (docs/upstream-differences.md): a message that merely mentions "timeout" does not
 * make an authentication failure a timeout.
 */
public final class ErrorClassifier {

    private ErrorClassifier() {
    }

    public static ErrorType classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            ErrorType type = kindOf(t);
            if (type != null) {
                return type;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return ErrorType.OTHER;
    }

    private static ErrorType kindOf(Throwable t) {
        if (t instanceof TomJobException job) {
            return job.errorType();
        }
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                || t instanceof java.net.http.HttpTimeoutException) {
            return ErrorType.TIMEOUT;
        }
        if (t instanceof javax.security.auth.login.LoginException
                || t instanceof javax.naming.AuthenticationException
                || t instanceof javax.security.sasl.AuthenticationException
                || t instanceof SecurityException) {
            return ErrorType.AUTH;
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                || t instanceof PortUnreachableException || t instanceof SocketException) {
            return ErrorType.NETWORK;
        }
        if (t instanceof InterruptedIOException) {
            return ErrorType.TIMEOUT;
        }
        return null;
    }
}
