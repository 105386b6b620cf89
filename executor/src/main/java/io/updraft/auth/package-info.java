/**
 * Users, roles and tokens as Airflow's simple auth manager has them: the {@link io.updraft.auth.UserStore}
 * interface (implemented in {@code io.updraft.store}) and password hashing the CLI uses, and the HTTP edge (token
 * endpoint, the filter checking each API call against {@link io.updraft.auth.AccessRules}).
 */
package io.updraft.auth;
