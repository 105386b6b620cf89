package io.updraft.ui;

class H2UiReadsTest extends UiReadsContractTest {
}
