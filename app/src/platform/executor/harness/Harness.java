// Sparring test harness for Java. Compiled together with the candidate's Solution.java and
// run once per submission: every case runs in this one JVM. Reads job.json; writes one JSON
// object per line to standard output (the results channel). The candidate's System.out/err
// are captured per case.
// The harness never sees expected values: the server compares outputs itself.
// Test-code problems run in two sandboxes: "serve" mode beside the candidate's Solution
// answers calls read from stdin; "check" mode beside the problem's Tests (another sandbox,
// another uid, compiled against a generated Solution whose methods call Harness.remote) runs
// each test, so the tests and the decision that one passed never enter the candidate's JVM.
import java.io.*;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

class ListNode {
    int val;
    ListNode next;
    ListNode() {}
    ListNode(int val) { this.val = val; }
    ListNode(int val, ListNode next) { this.val = val; this.next = next; }
}

class TreeNode {
    int val;
    TreeNode left, right;
    TreeNode() {}
    TreeNode(int val) { this.val = val; }
    TreeNode(int val, TreeNode left, TreeNode right) { this.val = val; this.left = left; this.right = right; }
}

public class Harness {
    static final int OUT_CAP = 64 * 1024;
    static PrintStream results;

    /** Fails a test-code case with a message. */
    public static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message == null ? "assertion failed" : message);
    }

    // ---------- two-sandbox test-code runs ----------
    static final BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    static int instances = 0;

    /** The candidate's process stopped answering. */
    static final class Gone extends Error { Gone() { super("gone", null, false, false); } }
    /** The candidate's code threw; the message is its stack trace. */
    static final class CandidateError extends RuntimeException { CandidateError(String m) { super(m, null, false, false); } }

    /** A fresh id for one `new Solution()` in the tests. */
    public static int nextInstance() { return ++instances; }

    /** Calls the candidate's method in the other sandbox; copies mutated arrays back. */
    @SuppressWarnings("unchecked")
    public static Object remote(int instance, String name, Object[] args, String[] types, String returns) {
        StringBuilder b = new StringBuilder("{\"call\":");
        str(b, name);
        b.append(",\"instance\":").append(instance).append(",\"args\":");
        json(b, Arrays.asList(args));
        b.append('}');
        emit(b.toString());
        String line;
        try { line = requests.readLine(); } catch (IOException e) { throw new Gone(); }
        if (line == null) throw new Gone();
        Map<String, Object> resp = (Map<String, Object>) new Parser(line).value();
        Object printed = resp.get("stdout"), errors = resp.get("stderr");
        if (printed instanceof String) System.out.print((String) printed);
        if (errors instanceof String) System.err.print((String) errors);
        Object after = resp.get("args");
        if (after instanceof List) {
            List<Object> l = (List<Object>) after;
            for (int k = 0; k < Math.min(l.size(), args.length); k++) copyInto(args[k], convert(types[k], l.get(k)));
        }
        String status = String.valueOf(resp.get("status"));
        if ("output_limit".equals(status)) throw new OutputLimit();
        if ("memory".equals(status)) throw new OutOfMemoryError("the solution ran out of memory");
        if (!"ok".equals(status)) throw new CandidateError(String.valueOf(resp.get("error")));
        Object same = resp.get("same");
        if (same instanceof Number) {
            int k = ((Number) same).intValue();
            if (k >= 0 && k < args.length) return args[k];
        }
        Object r = resp.get("return");
        return r == null ? null : convert(returns, r);
    }

    static void copyInto(Object mine, Object theirs) {
        if (mine == null || theirs == null || !mine.getClass().isArray() || mine.getClass() != theirs.getClass()) return;
        int n = Array.getLength(mine);
        if (Array.getLength(theirs) == n) System.arraycopy(theirs, 0, mine, 0, n);
    }

    /** Answers calls from the checker until stdin closes. */
    @SuppressWarnings("unchecked")
    static void serve(List<Object> params) throws Exception {
        Class<?> solutionClass = Class.forName("Solution");
        Map<Long, Object> objects = new HashMap<>();
        emit("{\"event\":\"ready\"}");
        PrintStream realOut = System.out, realErr = System.err;
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            Map<String, Object> req = (Map<String, Object>) new Parser(line).value();
            String name = String.valueOf(req.get("call"));
            List<Object> raw = req.get("args") instanceof List ? (List<Object>) req.get("args") : new ArrayList<>();
            long instance = req.get("instance") instanceof Number ? ((Number) req.get("instance")).longValue() : 0;
            ByteArrayOutputStream out = new CappedBuffer(), err = new CappedBuffer();
            System.setOut(new PrintStream(out, true, "UTF-8"));
            System.setErr(new PrintStream(err, true, "UTF-8"));
            String status, error = null; Object value = null; Object[] typed = new Object[raw.size()];
            long start = System.nanoTime();
            try {
                Method method = null;
                for (Method m : solutionClass.getDeclaredMethods()) {
                    if (m.getName().equals(name) && m.getParameterCount() == raw.size()) { method = m; break; }
                }
                if (method == null) throw new CandidateError("Define a method " + name + " with " + raw.size() + " parameters in class Solution.");
                method.setAccessible(true);
                Class<?>[] kinds = method.getParameterTypes();
                for (int k = 0; k < typed.length; k++) {
                    String ty = k < params.size() ? (String) params.get(k) : "";
                    typed[k] = convert(ty, raw.get(k));
                    if (typed[k] != null && !kinds[k].isPrimitive() && !kinds[k].isInstance(typed[k])) typed[k] = raw.get(k);
                }
                Object target = objects.get(instance);
                if (target == null) {
                    Constructor<?> ctor = solutionClass.getDeclaredConstructor();
                    ctor.setAccessible(true);
                    target = ctor.newInstance();
                    objects.put(instance, target);
                }
                value = method.invoke(target, typed);
                status = "ok";
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof OutputLimit) status = "output_limit";
                else if (cause instanceof OutOfMemoryError) status = "memory";
                else if (cause instanceof StackOverflowError) { status = "error"; error = "StackOverflowError (recursion too deep)"; }
                else { status = "error"; error = describe(cause); }
            } catch (CandidateError e) {
                status = "error"; error = e.getMessage();
            } catch (Throwable t) {
                status = "error"; error = describe(t);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            System.setOut(realOut); System.setErr(realErr);
            boolean[] truncated = {false};
            StringBuilder b = new StringBuilder("{\"status\":");
            String body = null;
            if ("ok".equals(status)) {
                try {
                    StringBuilder ob = new StringBuilder();
                    int same = -1;
                    for (int k = 0; k < typed.length; k++) if (value != null && value == typed[k] && value.getClass().isArray()) same = k;
                    if (same >= 0) ob.append(",\"same\":").append(same);
                    else { ob.append(",\"return\":"); json(ob, value); }
                    ob.append(",\"args\":"); json(ob, Arrays.asList(typed));
                    body = ob.toString();
                } catch (RuntimeException e) { status = "error"; error = "The return value cannot be converted to JSON: " + e.getMessage(); }
            }
            str(b, status);
            if (body != null) b.append(body);
            if (error != null) { b.append(",\"error\":"); str(b, error); }
            b.append(",\"time_ms\":").append(ms);
            b.append(",\"stdout\":"); str(b, cap(out, truncated));
            b.append(",\"stderr\":"); str(b, cap(err, truncated));
            b.append('}');
            emit(b.toString());
        }
    }

    // ---------- JSON ----------
    static final class Parser {
        final String s; int i;
        Parser(String s) { this.s = s; }
        void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') { i++; Map<String, Object> m = new LinkedHashMap<>(); ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) { ws(); String k = string(); ws(); i++; m.put(k, value()); ws();
                    if (s.charAt(i++) == '}') return m; } }
            if (c == '[') { i++; List<Object> l = new ArrayList<>(); ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) { l.add(value()); ws(); if (s.charAt(i++) == ']') return l; } }
            if (c == '"') return string();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String num = s.substring(start, i);
            if (num.contains(".") || num.contains("e") || num.contains("E")) return Double.parseDouble(num);
            return Long.parseLong(num);
        }
        String string() {
            StringBuilder b = new StringBuilder(); i++;
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break; case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break; case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            }
        }
    }

    static void str(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"': b.append("\\\""); break; case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break; case '\r': b.append("\\r"); break; case '\t': b.append("\\t"); break;
                default: if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
            }
        }
        b.append('"');
    }

    static void json(StringBuilder b, Object v) {
        if (v == null) { b.append("null"); return; }
        if (v instanceof String) { str(b, (String) v); return; }
        if (v instanceof Character) { str(b, v.toString()); return; }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("not a finite number: " + d);
            b.append(d); return;
        }
        if (v instanceof Number || v instanceof Boolean) { b.append(v); return; }
        if (v instanceof ListNode) {
            List<Object> l = new ArrayList<>();
            for (ListNode n = (ListNode) v; n != null; n = n.next) {
                if (l.size() >= 1_000_000) throw new IllegalArgumentException("the returned list is too long (a cycle?)");
                l.add(n.val);
            }
            json(b, l); return;
        }
        if (v instanceof TreeNode) {
            List<Object> out = new ArrayList<>(); List<TreeNode> q = new ArrayList<>(); q.add((TreeNode) v);
            for (int k = 0; k < q.size(); k++) {
                if (q.size() > 2_000_000) throw new IllegalArgumentException("the returned tree is too large (a cycle?)");
                TreeNode n = q.get(k);
                if (n == null) out.add(null); else { out.add(n.val); q.add(n.left); q.add(n.right); }
            }
            while (!out.isEmpty() && out.get(out.size() - 1) == null) out.remove(out.size() - 1);
            json(b, out); return;
        }
        if (v instanceof Map) {
            b.append('{'); boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) b.append(','); first = false;
                str(b, String.valueOf(e.getKey())); b.append(':'); json(b, e.getValue());
            }
            b.append('}'); return;
        }
        if (v instanceof Iterable) {
            b.append('['); boolean first = true;
            for (Object o : (Iterable<?>) v) { if (!first) b.append(','); first = false; json(b, o); }
            b.append(']'); return;
        }
        if (v.getClass().isArray()) {
            b.append('[');
            for (int k = 0, n = Array.getLength(v); k < n; k++) { if (k > 0) b.append(','); json(b, Array.get(v, k)); }
            b.append(']'); return;
        }
        throw new IllegalArgumentException("cannot convert " + v.getClass().getSimpleName() + " to JSON");
    }

    // ---------- typed arguments ----------
    @SuppressWarnings("unchecked")
    static Object convert(String ty, Object v) {
        List<Object> l = v instanceof List ? (List<Object>) v : null;
        switch (ty) {
            case "int": return ((Number) v).intValue();
            case "long": return ((Number) v).longValue();
            case "double": return ((Number) v).doubleValue();
            case "bool": return v;
            case "string": return v;
            case "int[]": { int[] a = new int[l.size()]; for (int k = 0; k < a.length; k++) a[k] = ((Number) l.get(k)).intValue(); return a; }
            case "long[]": { long[] a = new long[l.size()]; for (int k = 0; k < a.length; k++) a[k] = ((Number) l.get(k)).longValue(); return a; }
            case "double[]": { double[] a = new double[l.size()]; for (int k = 0; k < a.length; k++) a[k] = ((Number) l.get(k)).doubleValue(); return a; }
            case "bool[]": { boolean[] a = new boolean[l.size()]; for (int k = 0; k < a.length; k++) a[k] = (Boolean) l.get(k); return a; }
            case "string[]": return l.toArray(new String[0]);
            case "int[][]": { int[][] a = new int[l.size()][]; for (int k = 0; k < a.length; k++) a[k] = (int[]) convert("int[]", l.get(k)); return a; }
            case "string[][]": { String[][] a = new String[l.size()][]; for (int k = 0; k < a.length; k++) a[k] = (String[]) convert("string[]", l.get(k)); return a; }
            case "char[][]": {
                char[][] a = new char[l.size()][];
                for (int k = 0; k < a.length; k++) {
                    List<Object> row = (List<Object>) l.get(k);
                    a[k] = new char[row.size()];
                    for (int j = 0; j < row.size(); j++) a[k][j] = ((String) row.get(j)).charAt(0);
                }
                return a;
            }
            case "ListNode": { ListNode head = null; for (int k = l.size() - 1; k >= 0; k--) head = new ListNode(((Number) l.get(k)).intValue(), head); return head; }
            case "TreeNode": {
                if (l.isEmpty()) return null;
                TreeNode[] nodes = new TreeNode[l.size()];
                for (int k = 0; k < nodes.length; k++) nodes[k] = l.get(k) == null ? null : new TreeNode(((Number) l.get(k)).intValue());
                int kid = 1;
                for (TreeNode n : nodes) {
                    if (n == null) continue;
                    n.left = kid < nodes.length ? nodes[kid++] : null;
                    n.right = kid < nodes.length ? nodes[kid++] : null;
                }
                return nodes[0];
            }
            default: throw new IllegalArgumentException("unknown type " + ty);
        }
    }

    /** Thrown (as an Error, so candidate catch blocks for Exception miss it) past the cap. */
    static final class OutputLimit extends Error {
        OutputLimit() { super("output limit", null, false, false); }
    }

    /** A buffer that refuses to grow past the cap. */
    static final class CappedBuffer extends ByteArrayOutputStream {
        @Override public synchronized void write(int b) { if (size() >= OUT_CAP) throw new OutputLimit(); super.write(b); }
        @Override public synchronized void write(byte[] b, int off, int len) {
            if (size() + len > OUT_CAP) { super.write(b, off, Math.max(0, OUT_CAP - size())); throw new OutputLimit(); }
            super.write(b, off, len);
        }
    }

    static String cap(ByteArrayOutputStream buf, boolean[] truncated) {
        String s = new String(buf.toByteArray(), StandardCharsets.UTF_8);
        if (s.length() > OUT_CAP) { truncated[0] = true; return s.substring(0, OUT_CAP) + "\n[output truncated]"; }
        return s;
    }

    static String describe(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        StringBuilder b = new StringBuilder();
        for (String line : w.toString().split("\n")) {
            if (line.contains("Harness") || line.contains("jdk.internal") || line.contains("java.lang.reflect")) continue;
            b.append(line).append('\n');
        }
        return b.toString();
    }

    static void emit(String line) { results.println(line); results.flush(); }

    @SuppressWarnings("unchecked")
    public static void main(String[] argv) throws Exception {
        results = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);
        Map<String, Object> job = (Map<String, Object>) new Parser(new String(Files.readAllBytes(Paths.get("job.json")), StandardCharsets.UTF_8)).value();
        boolean codeMode = "check".equals(job.get("mode"));
        String fname = (String) job.get("function");
        List<Object> params = (List<Object>) job.get("params");
        if ("serve".equals(job.get("mode"))) { serve(params); return; }
        Method method = null;
        Class<?> testsClass = null;
        if (codeMode) {
            testsClass = Class.forName("Tests");
        } else {
            for (Method m : Class.forName("Solution").getDeclaredMethods()) {
                if (m.getName().equals(fname) && m.getParameterCount() == params.size()) { method = m; break; }
            }
            if (method == null) {
                emit("{\"event\":\"compile_error\",\"message\":\"Define a method " + fname + " with " + params.size() + " parameters in class Solution.\"}");
                return;
            }
            method.setAccessible(true);
        }
        emit("{\"event\":\"ready\"}");
        PrintStream realOut = System.out, realErr = System.err;
        for (Object co : (List<Object>) job.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) co;
            long id = ((Number) c.get("id")).longValue();
            emit("{\"event\":\"start\",\"case\":" + id + "}");
            ByteArrayOutputStream out = new CappedBuffer(), err = new CappedBuffer();
            System.setOut(new PrintStream(out, true, "UTF-8"));
            System.setErr(new PrintStream(err, true, "UTF-8"));
            String status, error = null; Object output = null;
            long start = System.nanoTime();
            try {
                if (codeMode) {
                    Method t = testsClass.getDeclaredMethod((String) c.get("test"));
                    t.setAccessible(true);
                    t.invoke(null);
                } else {
                    List<Object> args = (List<Object>) c.get("args");
                    Object[] typed = new Object[args.size()];
                    for (int k = 0; k < typed.length; k++) typed[k] = convert((String) params.get(k), args.get(k));
                    Constructor<?> ctor = Class.forName("Solution").getDeclaredConstructor();
                    ctor.setAccessible(true);
                    output = method.invoke(ctor.newInstance(), typed);
                    // An empty list or tree is null in Java and [] in the format.
                    Object returns = job.get("returns");
                    if (output == null && ("ListNode".equals(returns) || "TreeNode".equals(returns))) output = new ArrayList<Object>();
                }
                status = "ok";
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Gone) { results.flush(); Runtime.getRuntime().halt(0); return; }
                if (cause instanceof CandidateError) { status = "error"; error = cause.getMessage(); }
                else if (cause instanceof OutputLimit) { status = "output_limit"; error = "Output limit exceeded (64 KB per case)."; }
                else if (cause instanceof AssertionError) { status = "failed"; error = String.valueOf(cause.getMessage()); }
                else if (cause instanceof OutOfMemoryError) { status = "memory"; error = "OutOfMemoryError"; }
                else if (cause instanceof StackOverflowError) { status = "error"; error = "StackOverflowError (recursion too deep)"; }
                else { status = "error"; error = describe(cause); }
            } catch (Throwable t) {
                status = "error"; error = describe(t);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            System.setOut(realOut); System.setErr(realErr);
            boolean[] truncated = {false};
            StringBuilder b = new StringBuilder("{\"event\":\"result\",\"case\":").append(id);
            b.append(",\"time_ms\":").append(ms);
            String outputJson = null;
            if ("ok".equals(status) && !codeMode) {
                try { StringBuilder ob = new StringBuilder(); json(ob, output); outputJson = ob.toString(); }
                catch (RuntimeException e) { status = "error"; error = "The return value cannot be converted to JSON: " + e.getMessage(); }
            }
            if (outputJson != null) b.append(",\"output\":").append(outputJson);
            b.append(",\"status\":"); str(b, status);
            if (error != null) { b.append(",\"error\":"); str(b, error); }
            b.append(",\"stdout\":"); str(b, cap(out, truncated));
            b.append(",\"stderr\":"); str(b, cap(err, truncated));
            b.append(",\"truncated\":").append(truncated[0]).append('}');
            emit(b.toString());
        }
        emit("{\"event\":\"done\"}");
    }
}
