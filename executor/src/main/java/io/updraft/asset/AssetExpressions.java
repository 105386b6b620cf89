package io.updraft.asset;

import io.updraft.dag.AssetCondition;
import java.util.Map;

/** Airflow's {@code asset_expression} of a DAG (DAG details), with each asset's id in the store. */
public final class AssetExpressions {

    private AssetExpressions() {
    }

    public static Map<String, Object> of(Assets assets, AssetCondition condition) {
        Map<String, Long> ids = assets.queries().idsByKey();
        return condition.expression(asset -> ids.get(asset.key()));
    }
}
