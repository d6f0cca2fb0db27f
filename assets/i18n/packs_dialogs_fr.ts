<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>PacksDialogs</name>
    <message>
        <source>Not installed</source>
        <translation>Non installé</translation>
    </message>
    <message>
        <source>Update: %1 → %2</source>
        <translation>Mise à jour : %1 → %2</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installé</translation>
    </message>
    <message>
        <source>Older than the installed version</source>
        <translation>Plus ancien que la version installée</translation>
    </message>
    <message>
        <source>Unknown publisher</source>
        <translation>Éditeur inconnu</translation>
    </message>
    <message>
        <source>Damaged or not a course pack</source>
        <translation>Abîmé ou pas un paquet de cours</translation>
    </message>
    <message>
        <source>This course is already installed and up to date.</source>
        <translation>Ce cours est déjà installé et à jour.</translation>
    </message>
    <message>
        <source>Course installed (capsules: %1).</source>
        <translation>Cours installé (capsules : %1).</translation>
    </message>
    <message>
        <source>Capsules changed: %1, added: %2, removed: %3.</source>
        <translation>Capsules modifiées : %1, ajoutées : %2, retirées : %3.</translation>
    </message>
    <message>
        <source>Your progress on the unchanged capsules (%1) is kept.</source>
        <translation>Votre progression sur les capsules inchangées (%1) est conservée.</translation>
    </message>
    <message>
        <source>Course packs found: %1.</source>
        <translation>Paquets de cours trouvés : %1.</translation>
    </message>
    <message>
        <source>Course packs (*.cc2pack *.parts.json)</source>
        <translation>Paquets de cours (*.cc2pack *.parts.json)</translation>
    </message>
    <message>
        <source>Courses on this server: %1.</source>
        <translation>Cours sur ce serveur : %1.</translation>
    </message>
    <message>
        <source>Damaged files: %1. Repair them from the course's pack file (USB stick or download).</source>
        <translation>Fichiers abîmés : %1. Réparez-les à partir du paquet du cours (clé USB ou téléchargement).</translation>
    </message>
    <message>
        <source>All files are intact (%1 checked).</source>
        <translation>Tous les fichiers sont intacts (%1 vérifiés).</translation>
    </message>
    <message>
        <source>Files repaired: %1. Some damage remains: this pack does not hold those files.</source>
        <translation>Fichiers réparés : %1. Il reste des dégâts : ce paquet ne contient pas ces fichiers.</translation>
    </message>
    <message>
        <source>Files repaired: %1. Everything is intact.</source>
        <translation>Fichiers réparés : %1. Tout est intact.</translation>
    </message>
    <message>
        <source>Updated from %1 to %2.</source>
        <translation>Mis à jour de %1 à %2.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed.</source>
        <translation>Annulé. Rien n'a été modifié.</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Téléchargement</translation>
    </message>
    <message>
        <source>Installing</source>
        <translation>Installation</translation>
    </message>
    <message>
        <source>Checking the pack</source>
        <translation>Vérification du paquet</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>Repairing</source>
        <translation>Réparation</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>%1 s restantes</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Install from USB / file</source>
        <translation>Installer depuis une clé USB / un fichier</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Cours</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Courses found</source>
        <translation>Cours trouvés</translation>
    </message>
    <message>
        <source>Plug in a USB stick holding course packs (.cc2pack), or choose a file.</source>
        <translation>Branchez une clé USB contenant des paquets de cours (.cc2pack), ou choisissez un fichier.</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>Chercher à nouveau</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>Choisir un fichier…</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>Installer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Looking for course packs…</source>
        <translation>Recherche de paquets de cours…</translation>
    </message>
    <message>
        <source>No course pack found on removable media.</source>
        <translation>Aucun paquet de cours trouvé sur les supports amovibles.</translation>
    </message>
    <message>
        <source>Choose a course pack</source>
        <translation>Choisir un paquet de cours</translation>
    </message>
    <message>
        <source>Installing…</source>
        <translation>Installation…</translation>
    </message>
    <message>
        <source>Download courses</source>
        <translation>Télécharger des cours</translation>
    </message>
    <message>
        <source>Catalogue address</source>
        <translation>Adresse du catalogue</translation>
    </message>
    <message>
        <source>Show the courses</source>
        <translation>Afficher les cours</translation>
    </message>
    <message>
        <source>Course server:</source>
        <translation>Serveur de cours :</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Courses of the catalogue</source>
        <translation>Cours du catalogue</translation>
    </message>
    <message>
        <source>Download and install</source>
        <translation>Télécharger et installer</translation>
    </message>
    <message>
        <source>Enter the address of a course server, then show its courses.</source>
        <translation>Saisissez l'adresse d'un serveur de cours, puis affichez ses cours.</translation>
    </message>
    <message>
        <source>Asking the server for its courses…</source>
        <translation>Demande de la liste des cours au serveur…</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Mettre à jour</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>Téléchargement…</translation>
    </message>
    <message>
        <source>Downloaded: %1.</source>
        <translation>Téléchargé : %1.</translation>
    </message>
    <message>
        <source>Verify my content</source>
        <translation>Vérifier mes contenus</translation>
    </message>
    <message>
        <source>Checks that every installed course file is intact (a damaged disk or USB copy can spoil videos). Damaged files can be repaired from a course pack file.</source>
        <translation>Vérifie que chaque fichier des cours installés est intact (un disque abîmé ou une mauvaise copie USB peut gâcher les vidéos). Les fichiers abîmés peuvent être réparés à partir d'un paquet de cours.</translation>
    </message>
    <message>
        <source>Installed courses and their files</source>
        <translation>Cours installés et leurs fichiers</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Vérifier à nouveau</translation>
    </message>
    <message>
        <source>Repair from a pack file…</source>
        <translation>Réparer depuis un paquet…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>manquant</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>abîmé</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>Réparation…</translation>
    </message>
</context>
</TS>
