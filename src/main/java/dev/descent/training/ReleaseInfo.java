package dev.descent.training;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

/** This build's version and commit, as the build wrote them (build-info, git.properties); "unknown" without them. */
@Component
class ReleaseInfo {

    private final String version;
    private final String commit;

    @Autowired
    ReleaseInfo(ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
        this(versionOf(build.getIfAvailable()), commitOf(git.getIfAvailable()));
    }

    ReleaseInfo(String version, String commit) {
        this.version = version;
        this.commit = commit;
    }

    private static String versionOf(BuildProperties build) {
        return build != null && build.getVersion() != null ? build.getVersion() : "unknown";
    }

    private static String commitOf(GitProperties git) {
        return git != null && git.getCommitId() != null ? git.getCommitId() : "unknown";
    }

    String version() {
        return version;
    }

    String commit() {
        return commit;
    }
}
