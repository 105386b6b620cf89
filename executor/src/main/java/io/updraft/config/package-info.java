/**
 * Where Updraft keeps its files and which database it uses, from the environment ({@link
 * io.updraft.config.UpdraftConfig}); and the user's configuration kept in the store: variables, connections and
 * pools (their interfaces and records; the Jdbi implementations are in {@code io.updraft.store}).
 */
package io.updraft.config;
