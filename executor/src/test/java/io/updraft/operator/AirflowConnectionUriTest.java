package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.store.Connection;
import org.junit.jupiter.api.Test;

class AirflowConnectionUriTest {

    @Test
    void parsesEveryPart() {
        Connection connection = AirflowConnectionUri.parse("db",
                "postgres://us%40er:p%2Fss@db.example.com:5432/sales?sslmode=require");
        assertThat(connection).isEqualTo(new Connection("db", "postgres", null, "db.example.com", "us@er", "p/ss",
                "sales", 5432, "{\"sslmode\":\"require\"}"));
    }

    @Test
    void leavesMissingPartsNull() {
        Connection connection = AirflowConnectionUri.parse("api", "google__cloud__platform://");
        assertThat(connection.connType()).isEqualTo("google-cloud-platform");
        assertThat(connection.host()).isNull();
        assertThat(connection.port()).isNull();
        assertThat(connection.login()).isNull();
        assertThat(connection.extra()).isNull();
    }
}
