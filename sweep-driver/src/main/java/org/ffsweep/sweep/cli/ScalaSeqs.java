package org.ffsweep.sweep.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls to Spark methods that return a Scala {@code Seq}, made so that the one application jar
 * runs on Spark built for Scala 2.12 and for 2.13 alike. A call compiled in Java names the
 * method's return type, and {@code Seq} is {@code scala.collection.immutable.Seq} in 2.13 but
 * {@code scala.collection.Seq} in 2.12: the same call would end in {@code NoSuchMethodError} on
 * the other. These look the method up by name instead and read the result through
 * {@code scala.collection.Iterable}, which both versions have under that name.
 */
final class ScalaSeqs {
    private ScalaSeqs() {}

    /** The elements of the {@code Seq} that {@code target.method()} returns, in order. */
    static List<Object> call(Object target, String method) {
        Object result;
        try {
            result = target.getClass().getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(target.getClass().getName() + "." + method + "() cannot be called", e);
        }
        List<Object> elements = new ArrayList<>();
        scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) result).iterator();
        while (it.hasNext()) {
            elements.add(it.next());
        }
        return elements;
    }
}
