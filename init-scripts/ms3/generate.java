// Lakeport demo data, microservice 3 (MongoDB): writes logs.json, sesiones.json and eventos.json
// beside this file, one MongoDB Extended JSON v2 (relaxed) document per line, the form mongoimport
// reads and org.bson.Document.parse parses.
//
//   cd init-scripts/ms3 && java generate.java      (JDK 25, no dependencies)
//
// Deterministic: java.util.Random with fixed seeds (its algorithm is fixed by its specification),
// fixed start instants, fields written in a fixed order, ObjectIds built from the document's own
// time plus a per-collection tag and a counter. Running it again rewrites identical files; the
// generated files are committed, so loading never needs a JDK.
//
// Shapes, counts and awkward cases: init-scripts/README.md.

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

static final int LOGS = 3000;
static final int SESIONES = 1000;
static final int EVENTOS = 2500;
static final int USUARIOS = 500;   // ms1.usuarios ids 1..500
static final int PRODUCTOS = 199;  // ms1.productos ids 1..199 (200 is never sold)
static final int PEDIDOS = 3000;   // ms1.pedidos ids 1..3000

static final DateTimeFormatter ISO_MILLIS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

// ---------------------------------------------------------------------------------------------
// A tiny ordered JSON object writer: field order is the order of the calls.
// ---------------------------------------------------------------------------------------------
static final class Doc {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    private Doc key(String k) {
        if (!first) sb.append(", ");
        first = false;
        sb.append(str(k)).append(": ");
        return this;
    }

    Doc raw(String k, String json) { key(k); sb.append(json); return this; }
    Doc s(String k, String v) { return raw(k, v == null ? "null" : str(v)); }
    Doc i(String k, int v) { return raw(k, Integer.toString(v)); }
    Doc d(String k, double v) { return raw(k, dbl(v)); }
    Doc b(String k, boolean v) { return raw(k, Boolean.toString(v)); }
    Doc nul(String k) { return raw(k, "null"); }
    Doc l(String k, long v) { return raw(k, longJson(v)); }
    Doc dec(String k, BigDecimal v) { return raw(k, decimalJson(v)); }
    Doc date(String k, long epochMillis) { return raw(k, dateJson(epochMillis)); }
    Doc oid(String k, String hex) { return raw(k, "{\"$oid\": \"" + hex + "\"}"); }
    Doc doc(String k, Doc v) { return raw(k, v.json()); }
    Doc arr(String k, List<String> jsonValues) { return raw(k, "[" + String.join(", ", jsonValues) + "]"); }

    String json() { return sb.toString() + "}"; }
}

static String str(String v) {
    StringBuilder out = new StringBuilder("\"");
    for (int p = 0; p < v.length(); p++) {
        char c = v.charAt(p);
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                else out.append(c);
            }
        }
    }
    return out.append('"').toString();
}

static String dbl(double v) {
    // Always with a decimal point, so every JSON reader keeps it a double.
    String s = Double.toString(v);
    return s.contains(".") || s.contains("E") ? s : s + ".0";
}

static String longJson(long v) { return "{\"$numberLong\": \"" + v + "\"}"; }
static String decimalJson(BigDecimal v) { return "{\"$numberDecimal\": \"" + v.toPlainString() + "\"}"; }
static String dateJson(long epochMillis) { return "{\"$date\": \"" + ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis)) + "\"}"; }
static String binaryJson(byte[] bytes) {
    return "{\"$binary\": {\"base64\": \"" + Base64.getEncoder().encodeToString(bytes) + "\", \"subType\": \"00\"}}";
}

/** ObjectId: 4 bytes seconds since the epoch, 5 bytes per-collection tag, 3 bytes counter. */
static String objectId(long epochMillis, String tagHex10, int counter) {
    return String.format("%08x", epochMillis / 1000) + tagHex10 + String.format("%06x", counter);
}

static long at(String iso) { return Instant.parse(iso).toEpochMilli(); }

static <T> T pick(Random r, T[] values) { return values[r.nextInt(values.length)]; }

static BigDecimal money(Random r, int minCents, int maxCents) {
    return BigDecimal.valueOf(minCents + r.nextInt(maxCents - minCents + 1), 2);
}

// ---------------------------------------------------------------------------------------------
// logs
// ---------------------------------------------------------------------------------------------
static final String LOGS_TAG = "6c6f677301";      // "logs" + 01
static final String SESIONES_TAG = "7365736901";  // "sesi" + 01
static final String EVENTOS_TAG = "6576656e01";   // "even" + 01

static final String[] SERVICIOS = {"ms1-usuarios", "ms1-pedidos", "ms2-facturacion", "ms3-eventos", "api-gateway"};
static final String[] RUTAS = {"/api/usuarios", "/api/pedidos", "/api/productos", "/api/facturas", "/api/pagos",
        "/api/productos-por-categoria/electronica", "/api/dashboard", "/health"};
static final String[] METODOS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
static final String[] AGENTES = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1",
        "okhttp/4.12.0", "curl/8.5.0", "Lakeport-Bench/1.0"};

static List<String> logs() {
    Random r = new Random(20250301L);
    List<String> out = new ArrayList<>(LOGS);
    long t = at("2025-03-01T00:00:00Z");
    for (int n = 1; n <= LOGS; n++) {
        t += 1000L * (1 + r.nextInt(3000)) + r.nextInt(1000);
        int dice = r.nextInt(100);
        String nivel = dice < 70 ? "INFO" : dice < 80 ? "DEBUG" : dice < 93 ? "WARN" : "ERROR";
        String servicio = pick(r, SERVICIOS);
        Integer usuario = r.nextInt(100) < 60 ? 1 + r.nextInt(USUARIOS) : null;
        long pedido = servicio.equals("ms1-pedidos") ? 1 + r.nextInt(PEDIDOS) : 0;

        Doc d = new Doc()
                .oid("_id", objectId(t, LOGS_TAG, n))
                .date("timestamp", t)
                .s("nivel", nivel)
                .s("servicio", servicio)
                .s("host", "app-0" + (1 + r.nextInt(4)) + ".lakeport.local")
                .s("mensaje", mensaje(r, nivel, servicio, usuario, pedido));
        if (usuario != null) d.i("usuario_id", usuario);
        if (pedido > 0) d.l("pedido_id", pedido);

        if (r.nextInt(100) < 70) {
            int estado = switch (nivel) {
                case "ERROR" -> pick(r, new Integer[]{500, 502, 503, 504});
                case "WARN" -> pick(r, new Integer[]{400, 404, 409, 429, 200});
                default -> pick(r, new Integer[]{200, 200, 200, 201, 204, 304});
            };
            Doc req = new Doc()
                    .s("metodo", pick(r, METODOS))
                    .s("ruta", pick(r, RUTAS))
                    .i("estado_http", estado);
            // duracion_ms: Int32 in most documents, a Double in about one in ten (same field, two BSON types)
            if (r.nextInt(10) == 0) req.d("duracion_ms", 0.5 + r.nextInt(90000) / 100.0);
            else req.i("duracion_ms", 1 + r.nextInt(2500));
            req.s("ip", "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
            if (r.nextBoolean()) req.s("user_agent", pick(r, AGENTES));
            d.doc("request", req);
            // Int64 byte counts; one value above 2^53 (not exact as a double)
            d.l("bytes_respuesta", n == 1500 ? 9007199254740993L : 200L + r.nextInt(5_000_000));
        }

        List<String> tags = new ArrayList<>();
        int ntags = r.nextInt(4);
        for (int k = 0; k < ntags; k++) tags.add(str(pick(r, new String[]{"api", "pago", "seguridad", "rendimiento", "catálogo", "auditoría"})));
        d.arr("tags", tags);

        if (nivel.equals("ERROR")) {
            String tipo = pick(r, new String[]{"TimeoutException", "SQLTransientConnectionException", "IllegalStateException", "PagoRechazadoException"});
            List<String> traza = new ArrayList<>();
            int frames = 2 + r.nextInt(4);
            for (int k = 0; k < frames; k++) {
                traza.add(str("at io.lakeport.demo." + pick(r, new String[]{"PedidoService", "PagoClient", "RepositorioUsuarios", "Pasarela"})
                        + "." + pick(r, new String[]{"crear", "cobrar", "buscar", "validar"}) + "(" + "Fuente.java:" + (10 + r.nextInt(400)) + ")"));
            }
            Doc err = new Doc()
                    .s("tipo", tipo)
                    .s("codigo", "E-" + (100 + r.nextInt(900)))
                    .arr("traza", traza)
                    .i("reintentos", r.nextInt(4));
            if (r.nextBoolean()) err.doc("causa", new Doc().s("tipo", "java.net.SocketTimeoutException").s("mensaje", "Read timed out"));
            d.doc("error", err);
        }
        out.add(d.json());
    }
    return out;
}

static String mensaje(Random r, String nivel, String servicio, Integer usuario, long pedido) {
    String quien = usuario == null ? "anónimo" : "usuario " + usuario;
    return switch (nivel) {
        case "ERROR" -> pick(r, new String[]{
                "Error al conectar con la pasarela de pago: tiempo de espera agotado",
                "No se pudo guardar el pedido " + pedido + " ❌",
                "Excepción no controlada en " + servicio,
                "Fallo de autenticación para " + quien});
        case "WARN" -> pick(r, new String[]{
                "Tiempo de respuesta elevado en " + servicio + " ⚠️",
                "Reintento de envío de correo a " + quien,
                "Límite de peticiones alcanzado (429) para " + quien,
                "Stock bajo: quedan " + r.nextInt(5) + " unidades"});
        case "DEBUG" -> "Consulta ejecutada en " + r.nextInt(200) + " ms: SELECT * FROM \"pedidos\" WHERE id = ?";
        default -> pedido > 0
                ? pick(r, new String[]{"Pedido " + pedido + " creado correctamente ✅", "Pedido " + pedido + " enviado 📦", "Pedido " + pedido + " entregado"})
                : pick(r, new String[]{"Sesión iniciada por " + quien, "Caché de catálogo actualizada", "Factura emitida y enviada por correo 📧",
                        "Petición atendida", "Contraseña cambiada por " + quien + "\nSe notificó por correo"});
    };
}

// ---------------------------------------------------------------------------------------------
// sesiones
// ---------------------------------------------------------------------------------------------
record Sesion(String id, long inicio, long fin, boolean activa, Integer usuario, boolean usuarioAusente) {}

static final String[] CIUDADES = {"Madrid", "Barcelona", "València", "Sevilla", "Málaga", "Bilbao", "A Coruña", "Ciudad de México", "Bogotá"};
static final double[][] COORDS = {{-3.7038, 40.4168}, {2.1734, 41.3851}, {-0.3763, 39.4699}, {-5.9845, 37.3891}, {-4.4214, 36.7213},
        {-2.9350, 43.2630}, {-8.4115, 43.3623}, {-99.1332, 19.4326}, {-74.0721, 4.7110}};

static List<Sesion> sesionesPlan() {
    Random r = new Random(20250302L);
    List<Sesion> out = new ArrayList<>(SESIONES);
    long t = at("2025-03-01T06:00:00Z");
    for (int n = 1; n <= SESIONES; n++) {
        t += 1000L * (60 + r.nextInt(7800)) + r.nextInt(1000);
        boolean activa = n > SESIONES - 40 || r.nextInt(100) < 3;
        long fin = activa ? 0 : t + 1000L * (30 + r.nextInt(3600)) + r.nextInt(1000);
        int u = r.nextInt(100);
        // about 5 % anonymous with usuario_id: null, about 5 % without the field at all
        Integer usuario = u < 5 ? null : u < 10 ? null : 1 + r.nextInt(USUARIOS);
        out.add(new Sesion(objectId(t, SESIONES_TAG, n), t, fin, activa, usuario, u >= 5 && u < 10));
    }
    return out;
}

static List<String> sesiones(List<Sesion> plan) {
    Random r = new Random(20250303L);
    List<String> out = new ArrayList<>(SESIONES);
    for (Sesion s : plan) {
        Doc d = new Doc().oid("_id", s.id());
        if (!s.usuarioAusente()) {
            if (s.usuario() == null) d.nul("usuario_id");
            else d.i("usuario_id", s.usuario());
        }
        d.date("inicio", s.inicio());
        if (!s.activa()) {
            d.date("fin", s.fin());
            d.l("duracion_seg", (s.fin() - s.inicio()) / 1000);
        }
        d.b("activa", s.activa());

        // dispositivo: {tipo, so} plus navegador (web) or app {version, build} (mobile app);
        // pantalla only sometimes. Same field, slightly different nested shapes.
        int kind = r.nextInt(10);
        Doc disp = new Doc();
        if (kind < 5) {
            disp.s("tipo", "escritorio").s("so", pick(r, new String[]{"Windows 11", "macOS 14", "Ubuntu 24.04"}))
                .s("navegador", pick(r, new String[]{"Firefox 128", "Chrome 126", "Safari 17", "Edge 126"}));
        } else if (kind < 8) {
            disp.s("tipo", "movil").s("so", pick(r, new String[]{"Android 14", "iOS 17.5"}))
                .doc("app", new Doc().s("version", "3." + r.nextInt(4) + "." + r.nextInt(10)).i("build", 3000 + r.nextInt(900)));
        } else {
            disp.s("tipo", "tableta").s("so", pick(r, new String[]{"iPadOS 17", "Android 13"}))
                .s("navegador", pick(r, new String[]{"Safari 17", "Chrome 126"}));
        }
        if (r.nextInt(3) == 0) disp.doc("pantalla", new Doc().i("ancho", pick(r, new Integer[]{390, 1280, 1920, 2560})).i("alto", pick(r, new Integer[]{844, 800, 1080, 1440})));
        d.doc("dispositivo", disp);

        d.s("ip", "83." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
        byte[] token = new byte[16];
        r.nextBytes(token);
        d.raw("token_hash", binaryJson(token));
        d.s("idioma", pick(r, new String[]{"es-ES", "es-ES", "es-MX", "ca-ES", "en-GB"}));

        // geo: absent, {pais, ciudad} or {pais, ciudad, coordenadas: [lon, lat]}
        int g = r.nextInt(10);
        if (g < 8) {
            int c = r.nextInt(CIUDADES.length);
            Doc geo = new Doc().s("pais", c == 7 ? "MX" : c == 8 ? "CO" : "ES").s("ciudad", CIUDADES[c]);
            if (g < 3) geo.arr("coordenadas", List.of(dbl(COORDS[c][0]), dbl(COORDS[c][1])));
            d.doc("geo", geo);
        }

        List<String> paginas = new ArrayList<>();
        int np = 1 + r.nextInt(8);
        long p = s.inicio();
        long ultima = p;
        for (int k = 0; k < np; k++) {
            int segundos = 3 + r.nextInt(300);
            // a closed session has no page opened after its end
            if (k > 0 && !s.activa() && p >= s.fin()) continue;
            paginas.add(new Doc().s("ruta", pick(r, new String[]{"/", "/productos", "/productos/" + (1 + r.nextInt(PRODUCTOS)), "/carrito", "/cuenta", "/buscar?q=café"}))
                    .date("entrada", p).i("segundos", segundos).json());
            ultima = p;
            p += segundos * 1000L;
        }
        d.arr("paginas", paginas);

        if (r.nextInt(100) < 35) {
            List<String> items = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO.setScale(2, RoundingMode.UNNECESSARY);
            int ni = 1 + r.nextInt(3);
            for (int k = 0; k < ni; k++) {
                int cantidad = 1 + r.nextInt(3);
                BigDecimal precio = money(r, 199, 49999);
                total = total.add(precio.multiply(BigDecimal.valueOf(cantidad)));
                items.add(new Doc().i("producto_id", 1 + r.nextInt(PRODUCTOS)).i("cantidad", cantidad).dec("precio_unitario", precio).json());
            }
            d.doc("carrito", new Doc().arr("items", items).dec("total", total).s("moneda", "EUR"));
        }

        List<String> etiquetas = new ArrayList<>();
        if (r.nextInt(4) == 0) etiquetas.add(str("recurrente"));
        if (r.nextInt(6) == 0) etiquetas.add(str("campaña-verano"));
        if (s.usuario() == null) etiquetas.add(str("anónima"));
        d.arr("etiquetas", etiquetas);

        d.date("actualizado_en", s.activa() ? ultima : s.fin());
        out.add(d.json());
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// eventos
// ---------------------------------------------------------------------------------------------
record Evento(long fecha, int sesion, String json) {}

static List<String> eventos(List<Sesion> plan) {
    Random r = new Random(20250304L);
    List<long[]> slots = new ArrayList<>(EVENTOS); // {fecha, sesion index, tiebreak}
    for (int n = 0; n < EVENTOS; n++) {
        int si = r.nextInt(SESIONES);
        Sesion s = plan.get(si);
        long span = s.activa() ? 1_800_000L : Math.max(1000L, s.fin() - s.inicio());
        long fecha = s.inicio() + (long) (r.nextDouble() * span);
        slots.add(new long[]{fecha, si, n});
    }
    // _id order follows fecha order, so _id and fecha are both usable watermarks
    slots.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[2]));

    String[] tipos = {"vista_producto", "vista_producto", "vista_producto", "busqueda", "busqueda", "añadir_carrito", "añadir_carrito", "compra", "registro", "valoracion"};
    List<String> out = new ArrayList<>(EVENTOS);
    int counter = 0;
    for (long[] slot : slots) {
        counter++;
        long fecha = slot[0];
        Sesion s = plan.get((int) slot[1]);
        String tipo = pick(r, tipos);
        Doc d = new Doc()
                .oid("_id", objectId(fecha, EVENTOS_TAG, counter))
                .s("tipo", tipo)
                .date("fecha", fecha)
                .oid("sesion_id", s.id());
        if (s.usuario() != null) d.i("usuario_id", s.usuario());
        else if (!s.usuarioAusente()) d.nul("usuario_id");
        int version = r.nextInt(4) == 0 ? 1 : 2;
        d.i("version", version);

        switch (tipo) {
            case "vista_producto" -> d.i("producto_id", 1 + r.nextInt(PRODUCTOS)).i("segundos_en_pagina", 1 + r.nextInt(600));
            case "busqueda" -> {
                Doc b = new Doc().s("termino", pick(r, new String[]{"zapatillas de montaña", "cafetera", "jamón ibérico", "libro cocina", "auriculares bluetooth", "regalo niño 5 años", "camiseta \"vintage\""}))
                        .i("resultados", r.nextInt(120));
                if (r.nextBoolean()) {
                    Doc f = new Doc().s("categoria", pick(r, new String[]{"electronica", "hogar", "deportes", "libros", "ropa", "juguetes", "alimentacion", "belleza"}));
                    if (r.nextBoolean()) f.dec("precio_max", money(r, 1000, 50000));
                    b.doc("filtros", f);
                }
                d.doc("busqueda", b);
            }
            case "añadir_carrito" -> d.i("producto_id", 1 + r.nextInt(PRODUCTOS)).i("cantidad", 1 + r.nextInt(4)).dec("precio_unitario", money(r, 199, 49999));
            case "compra" -> {
                int cantidad = 1 + r.nextInt(4);
                BigDecimal precio = money(r, 199, 49999);
                d.i("producto_id", 1 + r.nextInt(PRODUCTOS))
                 .l("pedido_id", 1 + r.nextInt(PEDIDOS))
                 .i("cantidad", cantidad)
                 .dec("importe", precio.multiply(BigDecimal.valueOf(cantidad)))
                 .s("moneda", "EUR")
                 .s("metodo_pago", pick(r, new String[]{"tarjeta", "paypal", "bizum", "transferencia"}));
            }
            case "registro" -> d.s("canal", pick(r, new String[]{"email", "google", "apple"})).b("acepta_boletin", r.nextBoolean());
            case "valoracion" -> {
                d.i("producto_id", 1 + r.nextInt(PRODUCTOS));
                Doc v = new Doc().i("estrellas", 1 + r.nextInt(5));
                if (r.nextBoolean()) v.s("comentario", pick(r, new String[]{"Muy buen producto 👍", "Llegó tarde, pero bien", "No lo recomiendo 👎", "¡Perfecto! ⭐⭐⭐⭐⭐", "Calidad/precio correcta"}));
                d.doc("valoracion", v);
            }
            default -> throw new IllegalStateException(tipo);
        }
        if (r.nextInt(3) == 0) {
            Doc origen = new Doc().s("canal", pick(r, new String[]{"web", "app", "email"}));
            if (r.nextBoolean()) origen.s("campana", pick(r, new String[]{"rebajas-2025", "black-friday", "newsletter-marzo"}));
            if (r.nextInt(4) == 0) origen.doc("utm", new Doc().s("source", "newsletter").s("medium", "email"));
            d.doc("origen", origen);
        }
        // version 1 events (older app releases) have no etiquetas field at all
        if (version == 2) {
            List<String> etiquetas = new ArrayList<>();
            if (r.nextInt(5) == 0) etiquetas.add(str("móvil"));
            if (r.nextInt(7) == 0) etiquetas.add(str("prueba-a/b"));
            d.arr("etiquetas", etiquetas);
        }
        out.add(d.json());
    }
    return out;
}

static void write(Path dir, String name, List<String> lines) throws IOException {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    System.out.println(name + ": " + lines.size() + " documents");
}

void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Path.of(".");
    List<Sesion> plan = sesionesPlan();
    write(dir, "logs.json", logs());
    write(dir, "sesiones.json", sesiones(plan));
    write(dir, "eventos.json", eventos(plan));
}
