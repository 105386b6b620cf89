package io.updraft.server;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.updraft.config.UpdraftConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The service's {@code updraft.*} settings (application.yml, or UPDRAFT_HOME, UPDRAFT_DAGS_FOLDER, UPDRAFT_DB_URL,
 * UPDRAFT_DB_USER, UPDRAFT_DB_PASSWORD, UPDRAFT_NODE_LEASE in the environment).
 */
@ConfigurationProperties("updraft")
public class UpdraftProperties {

    private String home = ".updraft";
    private String dagsFolder = "dag-specs";
    private String dbUrl = "";
    private String dbUser = "";
    private String dbPassword = "";
    private String nodeLease = "";
    private int parallelism = 32;

    public UpdraftConfig toConfig() {
        Map<String, String> env = new HashMap<>();
        env.put("UPDRAFT_HOME", home);
        env.put("UPDRAFT_DAGS_FOLDER", dagsFolder);
        putIfSet(env, "UPDRAFT_DB_URL", dbUrl);
        putIfSet(env, "UPDRAFT_DB_USER", dbUser);
        putIfSet(env, "UPDRAFT_DB_PASSWORD", dbPassword);
        putIfSet(env, "UPDRAFT_NODE_LEASE", nodeLease);
        return UpdraftConfig.from(env);
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null && !value.isBlank()) {
            env.put(key, value);
        }
    }

    public String getHome() { return home; }
    public void setHome(String home) { this.home = home; }
    public String getDagsFolder() { return dagsFolder; }
    public void setDagsFolder(String dagsFolder) { this.dagsFolder = dagsFolder; }
    public String getDbUrl() { return dbUrl; }
    public void setDbUrl(String dbUrl) { this.dbUrl = dbUrl; }
    public String getDbUser() { return dbUser; }
    public void setDbUser(String dbUser) { this.dbUser = dbUser; }
    public String getDbPassword() { return dbPassword; }
    public void setDbPassword(String dbPassword) { this.dbPassword = dbPassword; }
    public String getNodeLease() { return nodeLease; }
    public void setNodeLease(String nodeLease) { this.nodeLease = nodeLease; }
    public int getParallelism() { return parallelism; }
    public void setParallelism(int parallelism) { this.parallelism = parallelism; }
}
