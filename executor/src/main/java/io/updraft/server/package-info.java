/** The Micronaut service: configuration and wiring of the plain-Java core into the HTTP server. */
package io.updraft.server;
