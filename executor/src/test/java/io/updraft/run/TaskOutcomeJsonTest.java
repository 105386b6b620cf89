package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A remote worker reports its try's outcome as JSON; the node that reads it back must get every field. */
class TaskOutcomeJsonTest {

    @Test
    void anOutcomeSurvivesJsonWithItsRenderedMapIndex() {
        TaskOutcome outcome = new TaskOutcome(TaskOutcome.Result.SUCCESS, Map.of("return_value", "Lovelace"),
                "{\"op_args\": []}", Set.of("next"), TaskOutcome.SkipDownstream.NONE, null, null, "Ada Lovelace");

        TaskOutcome read = Json.MAPPER.convertValue(Json.read(Json.write(outcome)), TaskOutcome.class);

        assertThat(read).isEqualTo(outcome);
        assertThat(read.renderedMapIndex()).isEqualTo("Ada Lovelace");
    }
}
