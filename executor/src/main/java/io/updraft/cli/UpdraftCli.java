package io.updraft.cli;

public class UpdraftCli {
    public static void main(String[] args) {
        System.out.println("updraft");
    }
}
