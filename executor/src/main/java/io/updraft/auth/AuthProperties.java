package io.updraft.auth;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The service's {@code updraft.auth.*} settings.
 *
 * <ul>
 *   <li>{@code jwt-expiration-seconds}: token lifetime, Airflow's {@code [api_auth] jwt_expiration_time} (86400)</li>
 *   <li>{@code all-admins}: every request acts as admin without credentials, Airflow's
 *       {@code [core] simple_auth_manager_all_admins} (for local development and tests only)</li>
 *   <li>{@code create-admin}: ensure user {@code admin} at start (UPDRAFT_ADMIN_PASSWORD or a generated one)</li>
 *   <li>{@code admin-password}: UPDRAFT_ADMIN_PASSWORD</li>
 *   <li>login throttling ({@link LoginThrottle}): {@code login-free-failures-per-user} (5) and
 *       {@code login-free-failures-per-address} (20) failures before backoff, {@code login-initial-backoff-millis}
 *       (1000) doubling up to {@code login-max-backoff-seconds} (900), {@code login-forget-failures-after-seconds}
 *       (3600), {@code login-concurrent-hashes} (0: half the processors, at least 1) password checks at once, each
 *       waiting at most {@code login-hash-wait-seconds} (10) for its turn</li>
 * </ul>
 */
@ConfigurationProperties("updraft.auth")
public class AuthProperties {

    private long jwtExpirationSeconds = 86_400;
    private boolean allAdmins;
    private boolean createAdmin = true;
    private String adminPassword = "";
    private int loginFreeFailuresPerUser = 5;
    private int loginFreeFailuresPerAddress = 20;
    private long loginInitialBackoffMillis = 1000;
    private long loginMaxBackoffSeconds = 900;
    private long loginForgetFailuresAfterSeconds = 3600;
    private int loginConcurrentHashes;
    private long loginHashWaitSeconds = 10;

    public long getJwtExpirationSeconds() { return jwtExpirationSeconds; }
    public void setJwtExpirationSeconds(long value) { this.jwtExpirationSeconds = value; }
    public boolean isAllAdmins() { return allAdmins; }
    public void setAllAdmins(boolean value) { this.allAdmins = value; }
    public boolean isCreateAdmin() { return createAdmin; }
    public void setCreateAdmin(boolean value) { this.createAdmin = value; }
    public String getAdminPassword() { return adminPassword; }
    public void setAdminPassword(String value) { this.adminPassword = value; }
    public int getLoginFreeFailuresPerUser() { return loginFreeFailuresPerUser; }
    public void setLoginFreeFailuresPerUser(int value) { this.loginFreeFailuresPerUser = value; }
    public int getLoginFreeFailuresPerAddress() { return loginFreeFailuresPerAddress; }
    public void setLoginFreeFailuresPerAddress(int value) { this.loginFreeFailuresPerAddress = value; }
    public long getLoginInitialBackoffMillis() { return loginInitialBackoffMillis; }
    public void setLoginInitialBackoffMillis(long value) { this.loginInitialBackoffMillis = value; }
    public long getLoginMaxBackoffSeconds() { return loginMaxBackoffSeconds; }
    public void setLoginMaxBackoffSeconds(long value) { this.loginMaxBackoffSeconds = value; }
    public long getLoginForgetFailuresAfterSeconds() { return loginForgetFailuresAfterSeconds; }
    public void setLoginForgetFailuresAfterSeconds(long value) { this.loginForgetFailuresAfterSeconds = value; }
    public int getLoginConcurrentHashes() { return loginConcurrentHashes; }
    public void setLoginConcurrentHashes(int value) { this.loginConcurrentHashes = value; }
    public long getLoginHashWaitSeconds() { return loginHashWaitSeconds; }
    public void setLoginHashWaitSeconds(long value) { this.loginHashWaitSeconds = value; }
}
