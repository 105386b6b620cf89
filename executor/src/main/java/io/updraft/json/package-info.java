/** The one JSON mapper for stored and served JSON. */
package io.updraft.json;
