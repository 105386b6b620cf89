/** Airflow's secrets masker: which names are sensitive, and replacing secret values by {@code ***}. */
package io.updraft.secrets;
