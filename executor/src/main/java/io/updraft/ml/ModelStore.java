package io.updraft.ml;

import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.ModelVersion;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The model registry as Updraft keeps it (implemented in {@code io.updraft.store}): the plugins' {@link
 * ModelRegistry}, the {@link PredictionAudit}, and what {@link ModelServing} needs to follow a champion.
 */
public interface ModelStore extends ModelRegistry, PredictionAudit {

    /** Called with the model name after its champion changed in this process. */
    void onChampionChange(Consumer<String> listener);

    /** The champion's version number alone (a cheap poll). */
    Optional<Integer> championVersion(String name);

    /**
     * The version {@link #rollback} would make champion now.
     *
     * @throws NoSuchElementException when there is no champion
     * @throws IllegalStateException when the champion had no predecessor
     */
    ModelVersion rollbackTarget(String name);
}
