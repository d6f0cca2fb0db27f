<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>HomePage</name>
    <message>
        <source>Hello, %1!</source>
        <translation>Bonjour, %1 !</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Accueil</translation>
    </message>
    <message>
        <source>Your learner code: %1 (with your PIN, it brings your profile to another PC)</source>
        <translation>Votre code apprenant·e : %1 (avec votre code PIN, il emmène votre profil sur un autre PC)</translation>
    </message>
    <message>
        <source>My p&amp;rofile</source>
        <translation>Mon profi&amp;l</translation>
    </message>
    <message>
        <source>Your learner code, change your name or delete your profile</source>
        <translation>Votre code apprenant·e, changer de nom ou supprimer votre profil</translation>
    </message>
    <message>
        <source>Well done: you completed every capsule! Your certificate is waiting: take the final exam.</source>
        <translation>Bravo : vous avez terminé toutes les capsules ! Votre certificat vous attend : passez l’examen final.</translation>
    </message>
    <message>
        <source>%1 of %2 capsules completed</source>
        <translation>%1 capsule(s) terminée(s) sur %2</translation>
    </message>
    <message>
        <source>Course progress</source>
        <translation>Progression dans le cours</translation>
    </message>
    <message>
        <source>Get my certificate</source>
        <translation>Obtenir mon certificat</translation>
    </message>
    <message>
        <source>Continue: %1</source>
        <translation>Continuer : %1</translation>
    </message>
    <message>
        <source>Start the course</source>
        <translation>Commencer le cours</translation>
    </message>
    <message>
        <source>My progress</source>
        <translation>Ma progression</translation>
    </message>
    <message>
        <source>Change profile</source>
        <translation>Changer de profil</translation>
    </message>
    <message>
        <source>Close your profile so that the next person cannot see your work</source>
        <translation>Fermez votre profil pour que la personne suivante ne voie pas votre travail</translation>
    </message>
    <message>
        <source>Course outline</source>
        <translation>Plan du cours</translation>
    </message>
    <message>
        <source>Course outline: choose a capsule and press Enter</source>
        <translation>Plan du cours : choisissez une capsule et appuyez sur Entrée</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>%1: %2 % completed (%3 of %4 capsules), time spent %5</source>
        <translation>%1 : %2 % terminé (%3 capsule(s) sur %4), temps passé %5</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Commencée</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Pas commencée</translation>
    </message>
    <message>
        <source>My progress</source>
        <translation>Ma progression</translation>
    </message>
    <message>
        <source>Capsule</source>
        <translation>Capsule</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Watched</source>
        <translation>Regardé</translation>
    </message>
    <message>
        <source>Best quiz score</source>
        <translation>Meilleur score au quiz</translation>
    </message>
    <message>
        <source>Last quiz score</source>
        <translation>Dernier score au quiz</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>Temps passé</translation>
    </message>
    <message>
        <source>Progress per module and capsule</source>
        <translation>Progression par module et par capsule</translation>
    </message>
    <message>
        <source>Back to the course</source>
        <translation>Retour au cours</translation>
    </message>
</context>
</TS>
