/** Where Updraft keeps its files and which database it uses, from the environment. */
package io.updraft.config;
