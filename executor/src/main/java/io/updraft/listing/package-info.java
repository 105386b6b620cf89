/**
 * The list endpoints' reads in API terms: per listed resource a typed filter record and a sort enum keyed by the
 * API's {@code order_by} field names, a {@link io.updraft.listing.PageRequest} and the {@link
 * io.updraft.listing.Slice} it returns. {@link io.updraft.listing.Lists} is implemented in {@code store}, which
 * alone maps these to columns and SQL; {@code rest} speaks only these types.
 */
package io.updraft.listing;
