package io.updraft.auth;

import io.micronaut.http.HttpRequest;
import java.net.InetSocketAddress;

/**
 * The address a request came from, as throttling counts it: the connection's peer. Forwarding headers are not
 * trusted, since any client can set them.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
