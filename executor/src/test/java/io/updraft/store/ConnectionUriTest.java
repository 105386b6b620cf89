package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.config.Connection;
import io.updraft.config.ConnectionUri;
import org.junit.jupiter.api.Test;

/** Connection URIs read as Airflow 3.3.2's {@code Connection(uri=...)} reads them (its answers, checked by hand). */
class ConnectionUriTest {

    @Test
    void readsEveryPartAsAirflowDoes() {
        assertThat(ConnectionUri.parse("db",
                "postgresql://us%40er:p%2Fss@db.example.com:5432/sales?sslmode=require&timeout=5"))
                .isEqualTo(new Connection("db", "postgres", null, "db.example.com", "us@er", "p/ss", "sales", 5432,
                        "{\"sslmode\":\"require\",\"timeout\":5}"));
        Connection typed = ConnectionUri.parse("x", "my-type://h");
        assertThat(typed.connType()).isEqualTo("my_type");
        assertThat(typed.host()).isEqualTo("h");
        assertThat(typed.port()).isNull();
        assertThat(typed.login()).isNull();
        assertThat(typed.extra()).isNull();
        Connection withProtocol = ConnectionUri.parse("api", "http://https://api.example.com:8443/v1");
        assertThat(withProtocol.host()).isEqualTo("https://api.example.com");
        assertThat(withProtocol.port()).isEqualTo(8443);
        assertThat(withProtocol.schema()).isEqualTo("v1");
    }

    @Test
    void writesWhatItReads() {
        Connection connection = ConnectionUri.parse("db", "postgres://u:p%40ss@db:5432/sales?sslmode=require");
        assertThat(ConnectionUri.parse("db", ConnectionUri.format(connection))).isEqualTo(connection);
    }
}
