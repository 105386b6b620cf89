package io.updraft.ui;

class H2UiQueriesTest extends UiQueriesContractTest {
}
