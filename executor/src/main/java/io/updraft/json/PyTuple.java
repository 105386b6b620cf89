package io.updraft.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.AbstractList;
import java.util.List;

/**
 * A Python tuple from task code (an XCom): a list that prints as Python prints a tuple ({@code (1, 'a')}) and is
 * written to JSON as Airflow 3's serde writes it, {@code {"__classname__": "builtins.tuple", "__version__": 1,
 * "__data__": [...]}}, so the Python runner gets a tuple back. Immutable.
 */
@JsonSerialize(using = PyTuple.Serde.class)
public final class PyTuple extends AbstractList<Object> {

    /** serde's class name of a tuple. */
    public static final String CLASSNAME = "builtins.tuple";

    private final List<Object> items;

    public PyTuple(List<?> items) {
        this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    /** Writes serde's form of a tuple. */
    static final class Serde extends StdSerializer<PyTuple> {

        private static final long serialVersionUID = 1L;

        Serde() {
            super(PyTuple.class);
        }

        @Override
        public void serialize(PyTuple tuple, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            out.writeStringField("__classname__", CLASSNAME);
            out.writeNumberField("__version__", 1);
            out.writeFieldName("__data__");
            out.writeStartArray();
            for (Object item : tuple.items) {
                provider.defaultSerializeValue(item, out);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
    }
}
