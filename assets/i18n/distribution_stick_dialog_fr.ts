<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>PrepareStickDialog</name>
    <message>
        <source>Prepare a USB stick</source>
        <translation>Préparer une clé USB</translation>
    </message>
    <message>
        <source>Put the application and the courses on a USB stick: learners start it from the stick on any PC, their progress stays on the stick. Check a stick that misbehaves, and repair it from another stick or from the course files.</source>
        <translation>Mettez l&apos;application et les cours sur une clé USB : les apprenant·es la lancent depuis la clé sur n&apos;importe quel PC, leur progression reste sur la clé. Vérifiez une clé qui fonctionne mal, et réparez-la depuis une autre clé ou depuis les fichiers du cours.</translation>
    </message>
    <message>
        <source>The stick&apos;s folder (its drive letter on Windows)</source>
        <translation>Le dossier de la clé (sa lettre de lecteur sous Windows)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>The application (portable)</source>
        <translation>L&apos;application (portable)</translation>
    </message>
    <message>
        <source>The application&apos;s folder (a build)</source>
        <translation>Le dossier de l&apos;application (une version construite)</translation>
    </message>
    <message>
        <source>Course packs from</source>
        <translation>Paquets de cours depuis</translation>
    </message>
    <message>
        <source>Stick:</source>
        <translation>Clé :</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>&amp;Prepare the stick</source>
        <translation>&amp;Préparer la clé</translation>
    </message>
    <message>
        <source>C&amp;heck the stick</source>
        <translation>&amp;Vérifier la clé</translation>
    </message>
    <message>
        <source>&amp;Repair from…</source>
        <translation>&amp;Réparer depuis…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>No USB stick found: plug one in, or choose its folder.</source>
        <translation>Aucune clé USB trouvée : branchez-en une, ou choisissez son dossier.</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Choisir un dossier</translation>
    </message>
    <message>
        <source>Choose the stick first.</source>
        <translation>Choisissez d&apos;abord la clé.</translation>
    </message>
    <message>
        <source>Preparing the stick…</source>
        <translation>Préparation de la clé…</translation>
    </message>
    <message>
        <source>Checking every file…</source>
        <translation>Vérification de chaque fichier…</translation>
    </message>
    <message>
        <source>A good copy: another stick, or the course files</source>
        <translation>Une bonne copie : une autre clé, ou les fichiers du cours</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>Réparation…</translation>
    </message>
    <message>
        <source>Cancelled. The stick is incomplete: prepare it again before use.</source>
        <translation>Annulé. La clé est incomplète : préparez-la de nouveau avant de l&apos;utiliser.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>manquant</translation>
    </message>
    <message>
        <source>wrong size</source>
        <translation>mauvaise taille</translation>
    </message>
    <message>
        <source>content changed</source>
        <translation>contenu modifié</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>illisible</translation>
    </message>
    <message>
        <source>The stick is ready: %1 files, %2. Learners open the Connexions-Citoyennes folder on it (see LISEZMOI.txt).</source>
        <translation>La clé est prête : %1 fichiers, %2. Les apprenant·es ouvrent le dossier Connexions-Citoyennes qui s’y trouve (voir LISEZMOI.txt).</translation>
    </message>
    <message>
        <source>Every file is intact (%1 files checked).</source>
        <translation>Tous les fichiers sont intacts (%1 fichiers vérifiés).</translation>
    </message>
    <message>
        <source>%n damaged file(s): repair them from another stick or the course files.</source>
        <translation>%n fichier abîmé : réparez-le depuis une autre clé ou depuis les fichiers du cours.</translation>
    </message>
    <message>
        <source>repaired: %1</source>
        <translation>réparé : %1</translation>
    </message>
    <message>
        <source>not repaired: %1 (no good copy found)</source>
        <translation>non réparé : %1 (aucune bonne copie trouvée)</translation>
    </message>
    <message>
        <source>%n file(s) could not be repaired from this source: try another one.</source>
        <translation>%n fichier n&apos;a pas pu être réparé depuis cette source : essayez-en une autre.</translation>
    </message>
    <message>
        <source>Repaired: the stick is intact again.</source>
        <translation>Réparée : la clé est de nouveau intacte.</translation>
    </message>
    <message>
        <source>Nothing to repair: every file is intact.</source>
        <translation>Rien à réparer : tous les fichiers sont intacts.</translation>
    </message>
</context>
</TS>
