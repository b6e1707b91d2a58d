import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The local stack's MongoDB (see DESIGN, decision 5: no mongod binary is available on these machines).
 *
 * <pre>
 * MongoWire serve HOST PORT
 *     mongo-java-server with the memory backend; data lives as long as the process.
 * MongoWire load URI DATABASE CHECKSUM FORCE FILE.json...
 *     Loads each file (MongoDB Extended JSON, one document per line, as mongoimport reads) into the
 *     collection named after the file, unless the marker in lakeport_stack.demo_loads already holds
 *     CHECKSUM for DATABASE and FORCE is not "true". The database is dropped first, so a reload never
 *     duplicates documents; the marker is written last, so a failed load is retried by the next run.
 * </pre>
 *
 * Run by scripts/local-stack, compiled once into the stack's state folder.
 */
public final class MongoWire {
    /** Kept outside the demo databases so that listing their collections shows only demo data. */
    static final String MARKER_DATABASE = "lakeport_stack";
    static final String MARKER_COLLECTION = "demo_loads";
    static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("serve")) {
            serve(args[1], Integer.parseInt(args[2]));
        } else if (args.length >= 5 && args[0].equals("load")) {
            load(args[1], args[2], args[3], Boolean.parseBoolean(args[4]),
                    List.of(args).subList(5, args.length).stream().map(Path::of).toList());
        } else {
            System.err.println("usage: MongoWire serve HOST PORT | MongoWire load URI DATABASE CHECKSUM FORCE FILE.json...");
            System.exit(2);
        }
    }

    static void serve(String host, int port) throws InterruptedException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-wire-shutdown"));
        System.out.println("mongo-java-server (memory backend) listening on " + server.getLocalAddress());
        Thread.currentThread().join();
    }

    static void load(String uri, String database, String checksum, boolean force, List<Path> files) throws Exception {
        try (MongoClient client = MongoClients.create(uri)) {
            var markers = client.getDatabase(MARKER_DATABASE).getCollection(MARKER_COLLECTION);
            Document marker = first(markers.find(new Document("_id", database)).first());
            if (!force && marker != null && checksum.equals(marker.getString("checksum"))) {
                System.out.println("up to date " + new LinkedHashMap<>(marker.get("collections", Document.class)));
                return;
            }
            MongoDatabase db = client.getDatabase(database);
            await(db.drop());
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Path file : files) {
                String collection = file.getFileName().toString().replaceFirst("\\.json$", "");
                counts.put(collection, insertLines(db, collection, file));
            }
            Document newMarker = new Document("_id", database)
                    .append("checksum", checksum)
                    .append("loadedAt", new Date())
                    .append("collections", new Document(new LinkedHashMap<>(counts)));
            await(markers.replaceOne(new Document("_id", database), newMarker, new ReplaceOptions().upsert(true)));
            System.out.println("loaded " + counts);
        }
    }

    static int insertLines(MongoDatabase db, String collection, Path file) throws Exception {
        var target = db.getCollection(collection);
        await(db.createCollection(collection)); // an empty file still yields its (empty) collection
        List<Document> batch = new ArrayList<>(BATCH);
        int count = 0;
        int lineNumber = 0;
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            for (String line; (line = lines.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(Document.parse(line));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": not an Extended JSON document: " + e.getMessage(), e);
                }
                if (batch.size() == BATCH) {
                    await(target.insertMany(batch));
                    count += batch.size();
                    batch = new ArrayList<>(BATCH);
                }
            }
        }
        if (!batch.isEmpty()) {
            await(target.insertMany(batch));
            count += batch.size();
        }
        return count;
    }

    /** The first element, or null when the publisher completes empty. */
    static <T> T first(Publisher<T> publisher) throws Exception {
        List<T> items = await(publisher);
        return items.isEmpty() ? null : items.getFirst();
    }

    /** Drains a publisher; this is a one-shot command-line loader, so blocking is what we want. */
    static <T> List<T> await(Publisher<T> publisher) throws Exception {
        CompletableFuture<List<T>> done = new CompletableFuture<>();
        List<T> items = new ArrayList<>();
        publisher.subscribe(new Subscriber<T>() {
            public void onSubscribe(Subscription s) { s.request(Long.MAX_VALUE); }
            public void onNext(T item) { items.add(item); }
            public void onError(Throwable t) { done.completeExceptionally(t); }
            public void onComplete() { done.complete(items); }
        });
        return done.get(120, TimeUnit.SECONDS);
    }
}
