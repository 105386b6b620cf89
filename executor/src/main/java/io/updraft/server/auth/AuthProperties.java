package io.updraft.server.auth;

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
 * </ul>
 */
@ConfigurationProperties("updraft.auth")
public class AuthProperties {

    private long jwtExpirationSeconds = 86_400;
    private boolean allAdmins;
    private boolean createAdmin = true;
    private String adminPassword = "";

    public long getJwtExpirationSeconds() { return jwtExpirationSeconds; }
    public void setJwtExpirationSeconds(long value) { this.jwtExpirationSeconds = value; }
    public boolean isAllAdmins() { return allAdmins; }
    public void setAllAdmins(boolean value) { this.allAdmins = value; }
    public boolean isCreateAdmin() { return createAdmin; }
    public void setCreateAdmin(boolean value) { this.createAdmin = value; }
    public String getAdminPassword() { return adminPassword; }
    public void setAdminPassword(String value) { this.adminPassword = value; }
}
