package io.updraft.listing;

/** Which asset aliases a list shows (null: no criterion): one id, a name pattern and a name prefix. */
public record AssetAliasFilter(Long id, String namePattern, String namePrefix) {
}
